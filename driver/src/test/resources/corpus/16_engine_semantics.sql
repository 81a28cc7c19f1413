-- Semantics the engines compute differently, which Chorus translates to H2's: AVG over integers and decimals,
-- decimal division and its rounding, rounding casts, values assigned to DECIMAL columns (literals, expressions and
-- parameters), VARCHAR comparison with trailing spaces, LIMIT without a total order, ORDER BY with a column WHERE
-- fixes, REPLACE (a Java function on Derby), and the labels of expressions.

CREATE TABLE m (
    id INT PRIMARY KEY,
    grp INT NOT NULL,
    qty INT,
    big BIGINT,
    price DECIMAL(10, 2),
    rate DECIMAL(8, 4),
    score DOUBLE,
    name VARCHAR(20)
);
CREATE INDEX ix_m_grp_id ON m (grp, id);
INSERT INTO m VALUES (1, 1, 1, 10, 1.00, 0.1250, 1.5, 'a');
INSERT INTO m VALUES (2, 1, 2, 20, 2.50, 0.3333, 2.5, 'a ');
INSERT INTO m VALUES (3, 1, 2, 30, -0.75, 1.0000, -2.5, 'b');
INSERT INTO m VALUES (4, 2, 7, 9007199254740993, 0.05, 0.0001, 0.5, 'b  ');
INSERT INTO m VALUES (5, 2, -7, -5, -0.05, 2.5000, -0.5, NULL);
INSERT INTO m VALUES (6, 2, 3, 11, 99999.99, 0.5000, 1e10, 'c');
INSERT INTO m VALUES (7, 3, NULL, NULL, NULL, NULL, NULL, 'c');
INSERT INTO m VALUES (8, 3, 0, 0, 0.01, 8.0000, 0.125, 'd');

SELECT AVG(qty), AVG(big), AVG(price), AVG(rate) FROM m;
SELECT grp, AVG(qty), AVG(price), AVG(DISTINCT qty) FROM m GROUP BY grp ORDER BY grp;
SELECT AVG(score) FROM m WHERE ABS(score) < 100;
SELECT id, price / 3, price / qty, qty / 2.0, price / 8 FROM m WHERE qty <> 0 ORDER BY id;
SELECT 1 / 3.0, 2.50 / 3, 0.05 / 2 FROM m WHERE id = 1;
SELECT id, rate / 3 FROM m WHERE id IN (2, 4) ORDER BY id;
SELECT id FROM m WHERE price / 3 > 0.5 ORDER BY id;
SELECT id, CAST(price AS INT), CAST(rate AS DECIMAL(6, 2)), CAST(score AS INT) FROM m WHERE ABS(score) < 1e9 ORDER BY id;
SELECT CAST(0.35 AS DECIMAL(5, 1)), CAST(-0.35 AS DECIMAL(5, 1)), CAST(2.5 AS INT), CAST(-2.5 AS INT) FROM m WHERE id = 1;
SELECT id, CAST(score AS DECIMAL(12, 0)) FROM m WHERE ABS(score) < 100 ORDER BY id;
UPDATE m SET price = price * 1.005 WHERE id IN (1, 2);
INSERT INTO m (id, grp, price, rate) VALUES (9, 3, 0.105, 0.00005);
SELECT id, price, rate FROM m WHERE id IN (1, 2, 9) ORDER BY id;
-- params: 10, 3, 0.125, 0.33335
INSERT INTO m (id, grp, price, rate) VALUES (?, ?, ?, ?);
SELECT id, price, rate FROM m WHERE id = 10;
-- params: 2.675E0, 10
UPDATE m SET price = ? WHERE id = ?;
SELECT id, price FROM m WHERE id = 10;
SELECT id FROM m WHERE name = 'a' ORDER BY id;
SELECT id FROM m WHERE name = 'a ' ORDER BY id;
SELECT id FROM m WHERE name <> 'b' ORDER BY id;
-- params: 'b  '
SELECT id FROM m WHERE name = ?;
SELECT a.id, b.id FROM m a JOIN m b ON a.name = b.name WHERE a.id < b.id ORDER BY a.id, b.id;
SELECT id FROM m WHERE name IN ('a', 'b') ORDER BY id;
SELECT id FROM m WHERE name NOT IN ('a', 'b  ') ORDER BY id;
-- params: 'a ', 'c'
SELECT id FROM m WHERE name IN (?, ?) ORDER BY id;
SELECT id FROM m ORDER BY grp LIMIT 2;
SELECT id, grp FROM m ORDER BY grp DESC LIMIT 2 OFFSET 1;
SELECT name FROM m WHERE grp = 2 ORDER BY id DESC LIMIT 2;
SELECT grp, COUNT(*) FROM m GROUP BY grp ORDER BY COUNT(*) DESC, grp LIMIT 2;
SELECT DISTINCT grp, qty FROM m WHERE qty IS NOT NULL ORDER BY grp, qty LIMIT 3;
SELECT name FROM m LIMIT 4;
SELECT id, REPLACE(name, 'a', 'x'), REPLACE(name, ' ', ''), REPLACE(name, '', 'z') FROM m WHERE id IN (1, 2, 5) ORDER BY id;
UPDATE m SET name = REPLACE(name, 'c', 'C') WHERE grp = 2;
SELECT id, name FROM m WHERE grp = 2 ORDER BY id;
SELECT id, qty + 1, price * 2, UPPER(name), COALESCE(name, '?'), CASE WHEN qty > 1 THEN 'many' END FROM m WHERE id < 3 ORDER BY id;
SELECT COUNT(*), SUM(qty), MIN(price), MAX(name) FROM m;
