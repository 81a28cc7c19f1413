-- Numeric functions and arithmetic: ABS, MOD, ROUND, FLOOR, CEILING, POWER, SQRT, SIGN, integer and decimal
-- division, mixed types, division by zero and overflow.

CREATE TABLE num (
    id INT PRIMARY KEY,
    i INT,
    b BIGINT,
    d DECIMAL(10, 3),
    f DOUBLE
);

INSERT INTO num VALUES
    (1, 7, 7, 2.500, 2.5),
    (2, -7, -7, -2.500, -2.5),
    (3, 0, 0, 0.000, 0.0),
    (4, 10, 10000000000, 1.005, 0.1),
    (5, NULL, NULL, NULL, NULL),
    (6, 3, 3, 1.499, 16.0);

SELECT id, ABS(i), ABS(b), ABS(d), ABS(f) FROM num ORDER BY id;
SELECT id, MOD(i, 3), MOD(b, 3) FROM num ORDER BY id;
SELECT id, i / 2, b / 2 FROM num ORDER BY id;
SELECT id, i / 3, -i / 3 FROM num ORDER BY id;
SELECT id, i / 2.0 FROM num ORDER BY id;
SELECT id, d / 2 FROM num ORDER BY id;
SELECT id, d / 3 FROM num ORDER BY id;
SELECT id, i * 1.0 / 4 FROM num ORDER BY id;
SELECT id, f / 4 FROM num ORDER BY id;
SELECT id, i + d, i * d, d - f FROM num ORDER BY id;
SELECT id, b * 1000000 FROM num WHERE id = 4;
SELECT id, ROUND(d), ROUND(d, 1), ROUND(d, 2) FROM num ORDER BY id;
SELECT id, ROUND(f), ROUND(f, 1) FROM num ORDER BY id;
SELECT id, ROUND(i, -1) FROM num ORDER BY id;
SELECT id, FLOOR(d), CEILING(d), CEIL(d) FROM num ORDER BY id;
SELECT id, FLOOR(f), CEILING(f) FROM num ORDER BY id;
SELECT id, POWER(i, 2), POWER(f, 2) FROM num ORDER BY id;
SELECT id, POWER(2, i) FROM num WHERE i >= 0 ORDER BY id;
SELECT id, SQRT(f) FROM num WHERE f >= 0 ORDER BY id;
SELECT id, SQRT(i) FROM num WHERE id = 6;
SELECT id, SIGN(i), SIGN(d) FROM num ORDER BY id;
SELECT id, EXP(0), LN(1), LOG10(100) FROM num WHERE id = 1;
SELECT id, PI() FROM num WHERE id = 1;
SELECT id, TRUNCATE(d, 1) FROM num ORDER BY id;
SELECT SUM(i), SUM(d), SUM(f), SUM(b) FROM num;
SELECT id FROM num WHERE MOD(i, 2) = 1 ORDER BY id;
SELECT id FROM num WHERE ABS(d) > 2 ORDER BY id;
SELECT id FROM num WHERE i / 2 = 3;
SELECT id FROM num WHERE d * 2 = 5;
SELECT id FROM num WHERE f = 0.1;
SELECT id, i * i, i * b FROM num ORDER BY id;
SELECT id, 2147483647 + i FROM num WHERE id = 2;
SELECT id, 10 / i FROM num WHERE id = 3;
SELECT id, d / 0 FROM num WHERE id = 1;
SELECT id, MOD(i, 0) FROM num WHERE id = 1;
SELECT id, i * 2147483647 FROM num WHERE id = 1;
SELECT id, SQRT(-1.0) FROM num WHERE id = 1;
UPDATE num SET d = d / 3 WHERE id = 1;
UPDATE num SET i = i / 2, f = f / 2 WHERE id = 2;
UPDATE num SET d = ROUND(d * 1.1, 2) WHERE id = 6;
SELECT id, i, d, f FROM num ORDER BY id;
