-- ORDER BY (NULL ordering, expressions, positions, aliases, DESC), DISTINCT, LIMIT/OFFSET and FETCH FIRST,
-- with and without an ORDER BY. Every ORDER BY here ends in a unique key or orders distinct rows, so that the order
-- is determined and compared; a paged query without ORDER BY is compared as a set.

CREATE TABLE item (
    id INT PRIMARY KEY,
    name VARCHAR(20) NOT NULL,
    grp VARCHAR(5),
    prio INT,
    price DECIMAL(8, 2),
    seen TIMESTAMP
);

INSERT INTO item VALUES
    (1, 'apple', 'f', 3, 1.20, '2024-01-01 09:00:00'),
    (2, 'banana', 'f', NULL, 0.50, NULL),
    (3, 'carrot', 'v', 1, 0.30, '2024-01-02 10:00:00'),
    (4, 'daikon', 'v', NULL, 2.10, '2024-01-01 08:00:00'),
    (5, 'eggplant', NULL, 2, NULL, NULL),
    (6, 'fig', 'f', 3, 3.00, '2024-01-03 12:00:00'),
    (7, 'garlic', 'v', 5, 0.90, '2024-01-02 10:00:00'),
    (8, 'hazelnut', NULL, NULL, 7.50, '2024-01-04 07:30:00'),
    (9, 'iceberg', 'v', 2, 1.10, NULL),
    (10, 'jalapeno', 'v', 4, 0.20, '2024-01-05 18:00:00');

SELECT id, prio FROM item ORDER BY prio, id;
SELECT id, prio FROM item ORDER BY prio DESC, id;
SELECT id, prio FROM item ORDER BY prio ASC NULLS LAST, id;
SELECT id, prio FROM item ORDER BY prio DESC NULLS FIRST, id;
SELECT id, grp FROM item ORDER BY grp, id DESC;
SELECT id, grp FROM item ORDER BY grp DESC, id;
SELECT id, price FROM item ORDER BY price, id;
SELECT id, price FROM item ORDER BY price DESC, id;
SELECT id, seen FROM item ORDER BY seen, id;
SELECT id, seen FROM item ORDER BY seen DESC, id;
SELECT DISTINCT prio FROM item ORDER BY prio;
SELECT DISTINCT grp FROM item ORDER BY grp DESC;
SELECT name FROM item ORDER BY name;
SELECT name FROM item ORDER BY name DESC;
SELECT id, name FROM item ORDER BY 2 DESC;
SELECT id, price * 10 AS tenfold FROM item WHERE price IS NOT NULL ORDER BY tenfold, id;
SELECT id FROM item ORDER BY COALESCE(prio, 0) DESC, id;
SELECT id FROM item ORDER BY CASE WHEN grp = 'v' THEN 0 ELSE 1 END, id;
SELECT id, LENGTH(name) FROM item ORDER BY LENGTH(name), name;
SELECT grp, prio, id FROM item ORDER BY grp, prio, id;

SELECT DISTINCT grp FROM item;
SELECT DISTINCT grp, prio FROM item;
SELECT COUNT(DISTINCT grp) FROM item;
SELECT DISTINCT LOWER(SUBSTRING(name, 1, 1)) FROM item WHERE id <= 3;

SELECT id, name FROM item ORDER BY id LIMIT 3;
SELECT id, name FROM item ORDER BY id LIMIT 3 OFFSET 4;
SELECT id, name FROM item ORDER BY id DESC LIMIT 2;
SELECT id, name FROM item ORDER BY id OFFSET 8 ROWS;
SELECT id, name FROM item ORDER BY id OFFSET 2 ROWS FETCH NEXT 3 ROWS ONLY;
SELECT id, name FROM item ORDER BY id FETCH FIRST 2 ROWS ONLY;
SELECT id, name FROM item ORDER BY id FETCH FIRST ROW ONLY;
SELECT id, prio FROM item ORDER BY prio, id LIMIT 4;
SELECT id, prio FROM item ORDER BY prio DESC, id FETCH FIRST 4 ROWS ONLY;
SELECT id, prio FROM item ORDER BY prio NULLS LAST, id OFFSET 5 ROWS FETCH NEXT 2 ROWS ONLY;
SELECT id, price FROM item WHERE grp = 'v' ORDER BY price DESC, id LIMIT 2;
SELECT id FROM item ORDER BY id LIMIT 0;
SELECT id FROM item ORDER BY id LIMIT 5 OFFSET 20;

SELECT id, name FROM item LIMIT 3;
SELECT id, name FROM item LIMIT 3 OFFSET 2;
SELECT id FROM item FETCH FIRST 4 ROWS ONLY;
SELECT id FROM item OFFSET 7 ROWS;
SELECT id FROM item WHERE grp = 'f' FETCH FIRST 10 ROWS ONLY;
SELECT COUNT(*) FROM (SELECT id FROM item LIMIT 4) t;
SELECT grp, COUNT(*) FROM item GROUP BY grp ORDER BY grp LIMIT 2;
SELECT grp, COUNT(*) FROM item GROUP BY grp ORDER BY COUNT(*) DESC, grp FETCH FIRST 1 ROWS ONLY;
SELECT id FROM item WHERE id IN (SELECT id FROM item ORDER BY price DESC NULLS LAST, id FETCH FIRST 3 ROWS ONLY) ORDER BY id;
SELECT * FROM (SELECT id, name FROM item ORDER BY id DESC LIMIT 3) t ORDER BY id;
