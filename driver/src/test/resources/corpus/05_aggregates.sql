-- Aggregates over INT, BIGINT, DECIMAL and DOUBLE, with NULLs and empty inputs; GROUP BY and HAVING.

CREATE TABLE sale (
    id INT PRIMARY KEY,
    region VARCHAR(10) NOT NULL,
    rep VARCHAR(10),
    qty INT,
    big_qty BIGINT,
    price DECIMAL(10, 2),
    discount DECIMAL(4, 3),
    ratio DOUBLE,
    sold DATE
);

INSERT INTO sale VALUES
    (1, 'north', 'amy', 3, 3000000000, 10.00, 0.100, 0.5, '2024-01-05'),
    (2, 'north', 'amy', 5, 5, 12.50, NULL, 0.25, '2024-01-20'),
    (3, 'north', 'bo', 2, 2, 7.25, 0.050, 1.0, '2024-02-11'),
    (4, 'south', 'cy', 10, 10, 3.10, 0.000, 2.0, '2024-02-12'),
    (5, 'south', 'cy', 1, 1, 99.99, 0.250, NULL, '2024-03-01'),
    (6, 'south', NULL, NULL, NULL, NULL, NULL, NULL, NULL),
    (7, 'east', 'dee', 4, 4, 20.00, 0.125, 4.0, '2024-03-15'),
    (8, 'east', 'dee', 4, 4, 20.00, 0.125, 4.0, '2024-03-16'),
    (9, 'west', 'eli', 7, 7, 1.01, 0.010, 0.125, '2024-04-01');

SELECT COUNT(*) FROM sale;
SELECT COUNT(qty), COUNT(rep), COUNT(price) FROM sale;
SELECT COUNT(DISTINCT region) FROM sale;
SELECT COUNT(DISTINCT rep) FROM sale;
SELECT SUM(qty), SUM(big_qty), SUM(price), SUM(discount), SUM(ratio) FROM sale;
SELECT MIN(qty), MAX(qty), MIN(price), MAX(price), MIN(rep), MAX(rep) FROM sale;
SELECT MIN(sold), MAX(sold) FROM sale;
SELECT AVG(qty) FROM sale;
SELECT AVG(qty) FROM sale WHERE region = 'east';
SELECT AVG(big_qty) FROM sale WHERE id > 1;
SELECT AVG(price) FROM sale;
SELECT AVG(price) FROM sale WHERE region = 'east';
SELECT AVG(discount) FROM sale WHERE region = 'north';
SELECT AVG(ratio) FROM sale;
SELECT AVG(CAST(qty AS DECIMAL(10, 2))) FROM sale WHERE region = 'north';
SELECT SUM(qty * price) FROM sale;
SELECT SUM(price * (1 - discount)) FROM sale WHERE discount IS NOT NULL;
SELECT COUNT(*), SUM(qty), AVG(qty), MIN(qty), MAX(qty) FROM sale WHERE id > 100;
SELECT COUNT(*) FROM sale WHERE qty IS NULL;

SELECT region, COUNT(*) FROM sale GROUP BY region ORDER BY region;
SELECT region, SUM(qty), SUM(price) FROM sale GROUP BY region ORDER BY region;
SELECT region, MIN(price), MAX(price) FROM sale GROUP BY region ORDER BY region;
SELECT region, AVG(qty) FROM sale GROUP BY region ORDER BY region;
SELECT region, AVG(price) FROM sale GROUP BY region ORDER BY region;
SELECT region, rep, COUNT(*), SUM(qty) FROM sale GROUP BY region, rep ORDER BY region, rep;
SELECT rep, COUNT(*) FROM sale GROUP BY rep ORDER BY rep;
SELECT region, COUNT(DISTINCT rep) FROM sale GROUP BY region ORDER BY region;
SELECT region, SUM(qty) FROM sale GROUP BY region HAVING SUM(qty) > 8 ORDER BY region;
SELECT region, COUNT(*) FROM sale GROUP BY region HAVING COUNT(*) >= 2 AND MAX(price) < 50 ORDER BY region;
SELECT region FROM sale GROUP BY region HAVING COUNT(qty) < COUNT(*);
SELECT rep, SUM(qty) AS total FROM sale WHERE rep IS NOT NULL GROUP BY rep HAVING SUM(qty) >= 8 ORDER BY total DESC, rep;
SELECT EXTRACT(MONTH FROM sold), COUNT(*) FROM sale WHERE sold IS NOT NULL GROUP BY EXTRACT(MONTH FROM sold) ORDER BY 1;
SELECT MONTH(sold) AS m, SUM(qty) FROM sale GROUP BY MONTH(sold) ORDER BY m;
SELECT CASE WHEN qty >= 5 THEN 'big' ELSE 'small' END AS size_class, COUNT(*) FROM sale WHERE qty IS NOT NULL
    GROUP BY CASE WHEN qty >= 5 THEN 'big' ELSE 'small' END ORDER BY size_class;
SELECT qty, COUNT(*) FROM sale GROUP BY qty ORDER BY qty;
SELECT region, SUM(qty) FROM sale GROUP BY region ORDER BY SUM(qty) DESC, region;
SELECT COUNT(*) FROM (SELECT region FROM sale GROUP BY region) g;
SELECT MAX(total) FROM (SELECT region, SUM(qty) AS total FROM sale GROUP BY region) g;
SELECT SUM(DISTINCT qty), AVG(DISTINCT qty) FROM sale;
SELECT COUNT(DISTINCT region), COUNT(DISTINCT rep), COUNT(DISTINCT qty) FROM sale;
SELECT COUNT(*) FILTER (WHERE qty > 3) FROM sale;
SELECT region, qty FROM sale GROUP BY region;
SELECT SUM(rep) FROM sale;
