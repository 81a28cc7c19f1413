-- Every common column type: literals written into it, values read back, compared, converted and computed on.

CREATE TABLE all_types (
    id INT PRIMARY KEY,
    i INT,
    bi BIGINT,
    si SMALLINT,
    amount DECIMAL(12, 3),
    dbl DOUBLE,
    re REAL,
    vc VARCHAR(50),
    ch CHAR(6),
    cl CLOB,
    bl BLOB,
    bo BOOLEAN,
    dt DATE,
    tm TIME,
    ts TIMESTAMP
);

INSERT INTO all_types VALUES (1, 42, 1234567890123, 7, 12.500, 3.25, 1.5, 'hello', 'ab', 'a character large object', NULL, TRUE,
    '2024-02-29', '13:45:30', '2024-02-29 13:45:30');
INSERT INTO all_types VALUES (2, 2147483647, -9223372036854775808, -32768, 999999999.999, 1.5E300, -0.25, 'Ünïcødé ✓ 東京', 'abcdef',
    'second', NULL, FALSE, '1999-12-31', '00:00:00', '1999-12-31 23:59:59.125');
INSERT INTO all_types (id) VALUES (3);
INSERT INTO all_types VALUES (4, -7, 0, 0, -0.001, -2.5E-3, 0, '', ' x ', '', NULL, FALSE,
    '2000-01-01', '23:59:59', '2000-01-01 00:00:00');
INSERT INTO all_types (id, i, amount, vc, bo, dt, ts) VALUES (5, 7, 7, 'it''s', TRUE, '2024-06-15', '2024-06-15 08:30:00.5');

SELECT id, i, bi, si FROM all_types ORDER BY id;
SELECT id, amount, dbl, re FROM all_types ORDER BY id;
SELECT id, vc, ch FROM all_types ORDER BY id;
SELECT id, cl FROM all_types ORDER BY id;
SELECT id, bo FROM all_types ORDER BY id;
SELECT id, dt, tm, ts FROM all_types ORDER BY id;
SELECT * FROM all_types ORDER BY id;

SELECT id FROM all_types WHERE i = 42;
SELECT id FROM all_types WHERE bi < 0;
SELECT id FROM all_types WHERE si = -32768;
SELECT id FROM all_types WHERE amount = 12.5;
SELECT id FROM all_types WHERE amount > 7 ORDER BY id;
SELECT id FROM all_types WHERE dbl > 1E10;
SELECT id FROM all_types WHERE re = 1.5;
SELECT id FROM all_types WHERE vc = 'Ünïcødé ✓ 東京';
SELECT id FROM all_types WHERE vc = '';
SELECT id FROM all_types WHERE vc = 'hello ';
SELECT id FROM all_types WHERE ch = 'ab';
SELECT id FROM all_types WHERE ch = 'ab    ';
SELECT id FROM all_types WHERE bo = TRUE ORDER BY id;
SELECT id FROM all_types WHERE bo IS FALSE ORDER BY id;
SELECT id FROM all_types WHERE dt < DATE '2000-01-01';
SELECT id FROM all_types WHERE dt = '2024-06-15';
SELECT id FROM all_types WHERE tm > TIME '12:00:00' ORDER BY id;
SELECT id FROM all_types WHERE ts >= TIMESTAMP '2024-01-01 00:00:00' ORDER BY id;
SELECT id FROM all_types WHERE ts = TIMESTAMP '1999-12-31 23:59:59.125';
SELECT id FROM all_types WHERE cl LIKE 'a char%';

SELECT id, i + bi, si * 2, amount * 2, dbl / 2 FROM all_types WHERE id = 1;
SELECT id, i / 5, i * 1.5, amount / 4, amount + dbl FROM all_types WHERE id = 1;
SELECT id, -i, -amount FROM all_types WHERE id IN (1, 4) ORDER BY id;
SELECT i + 1 FROM all_types WHERE id = 2;
SELECT si * si * si * si FROM all_types WHERE id = 2;

SELECT id, CAST(i AS VARCHAR(20)), CAST(bi AS VARCHAR(30)) FROM all_types WHERE id IN (1, 2) ORDER BY id;
SELECT id, CAST(amount AS VARCHAR(20)) FROM all_types WHERE id IN (1, 4) ORDER BY id;
SELECT id, CAST(amount AS INT), CAST(amount AS DECIMAL(12, 1)) FROM all_types WHERE id = 1;
SELECT id, CAST(vc AS CHAR(8)), CAST(ch AS VARCHAR(6)) FROM all_types WHERE id = 1;
SELECT id, CAST(dt AS VARCHAR(10)), CAST(ts AS DATE), CAST(ts AS TIME) FROM all_types WHERE id = 1;
SELECT id, CAST('2024-03-01' AS DATE), CAST('12:00:00' AS TIME), CAST('17' AS INT), CAST('2.50' AS DECIMAL(5, 2)) FROM all_types WHERE id = 1;
SELECT CAST(vc AS INT) FROM all_types WHERE id = 1;

-- Binary and typed literals, which not every engine accepts as written.
UPDATE all_types SET bl = X'CAFE' WHERE id = 1;
UPDATE all_types SET bl = X'00FF10' WHERE id = 2;
UPDATE all_types SET bl = X'' WHERE id = 4;
SELECT id, bl FROM all_types ORDER BY id;
SELECT id FROM all_types WHERE bl IS NULL ORDER BY id;
INSERT INTO all_types (id, dt, tm, ts) VALUES (6, DATE '2024-12-24', TIME '18:00:00', TIMESTAMP '2024-12-24 18:00:00.75');
SELECT id, dt, tm, ts FROM all_types WHERE id = 6;
SELECT id FROM all_types WHERE dt = DATE '2024-12-24' AND tm = TIME '18:00:00';

UPDATE all_types SET i = i + 1, bi = bi - 1, si = si + 1, amount = amount * 2, dbl = dbl + 1, re = re * 2 WHERE id = 1;
UPDATE all_types SET vc = 'changed', ch = 'z', cl = 'replaced', bl = X'01', bo = NOT bo WHERE id = 1;
UPDATE all_types SET dt = DATE '2025-01-01', tm = TIME '01:02:03', ts = TIMESTAMP '2025-01-01 01:02:03' WHERE id = 1;
SELECT * FROM all_types WHERE id = 1;
UPDATE all_types SET i = NULL, vc = NULL, bl = NULL, bo = NULL, dt = NULL WHERE id = 5;
SELECT id, i, vc, bl, bo, dt FROM all_types WHERE id = 5;
SELECT COUNT(i), COUNT(vc), COUNT(cl), COUNT(bl), COUNT(bo), COUNT(dt), COUNT(*) FROM all_types;
