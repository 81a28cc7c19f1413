-- Dates, times and timestamps: literals, comparison, EXTRACT/YEAR/MONTH/DAY, DATEADD and interval arithmetic as
-- H2 writes them, DATEDIFF, casts, and CURRENT_DATE/CURRENT_TIMESTAMP used only in ways whose answer does not
-- depend on when the statement runs (the clock differs between H2 and the replicas).

CREATE TABLE event (
    id INT PRIMARY KEY,
    title VARCHAR(20) NOT NULL,
    on_day DATE,
    starts TIME,
    at_ts TIMESTAMP,
    logged TIMESTAMP
);

INSERT INTO event (id, title, on_day, starts, at_ts) VALUES
    (1, 'launch', '2024-02-29', '09:30:00', '2024-02-29 09:30:00'),
    (2, 'review', '2024-03-31', '14:00:00', '2024-03-31 14:00:00.25'),
    (3, 'retro', '2023-12-31', '23:59:59', '2023-12-31 23:59:59'),
    (4, 'unknown', NULL, NULL, NULL),
    (5, 'epoch', '1970-01-01', '00:00:00', '1970-01-01 00:00:00'),
    (6, 'future', '2099-06-15', '12:00:00', '2099-06-15 12:00:00');

SELECT id, on_day, starts, at_ts FROM event ORDER BY id;
SELECT id FROM event WHERE on_day < DATE '2024-01-01' ORDER BY id;
SELECT id FROM event WHERE on_day BETWEEN '2024-01-01' AND '2024-12-31' ORDER BY id;
SELECT id FROM event WHERE at_ts > TIMESTAMP '2024-03-31 14:00:00' ORDER BY id;
SELECT id FROM event WHERE starts >= TIME '12:00:00' ORDER BY id;
SELECT id, EXTRACT(YEAR FROM on_day), EXTRACT(MONTH FROM on_day), EXTRACT(DAY FROM on_day) FROM event ORDER BY id;
SELECT id, EXTRACT(HOUR FROM at_ts), EXTRACT(MINUTE FROM at_ts), EXTRACT(SECOND FROM at_ts) FROM event ORDER BY id;
SELECT id, EXTRACT(HOUR FROM starts), EXTRACT(MINUTE FROM starts) FROM event ORDER BY id;
SELECT id, YEAR(on_day), MONTH(on_day), DAY(on_day) FROM event ORDER BY id;
SELECT id, HOUR(at_ts), MINUTE(at_ts), SECOND(at_ts) FROM event ORDER BY id;
SELECT id, DAYOFWEEK(on_day), DAYOFYEAR(on_day), QUARTER(on_day) FROM event ORDER BY id;
SELECT YEAR(on_day), COUNT(*) FROM event GROUP BY YEAR(on_day) ORDER BY 1;
SELECT id, DATEADD('DAY', 1, on_day), DATEADD('MONTH', 1, on_day), DATEADD('YEAR', -1, on_day) FROM event ORDER BY id;
SELECT id, DATEADD(DAY, 30, on_day), DATEADD(HOUR, 12, at_ts), DATEADD(MINUTE, -30, at_ts) FROM event ORDER BY id;
SELECT id, on_day + INTERVAL '1' DAY, on_day - INTERVAL '1' MONTH FROM event ORDER BY id;
SELECT id, at_ts + INTERVAL '90' MINUTE, at_ts - INTERVAL '1' YEAR FROM event ORDER BY id;
SELECT id, DATEDIFF('DAY', DATE '2024-01-01', on_day) FROM event ORDER BY id;
SELECT id, DATEDIFF(MONTH, on_day, DATE '2025-01-01') FROM event ORDER BY id;
SELECT id, CAST(at_ts AS DATE), CAST(at_ts AS TIME), CAST(on_day AS TIMESTAMP) FROM event ORDER BY id;
SELECT id, CAST(on_day AS VARCHAR(10)), CAST(at_ts AS VARCHAR(30)) FROM event ORDER BY id;
SELECT id FROM event WHERE CAST(at_ts AS DATE) = on_day ORDER BY id;
SELECT MIN(on_day), MAX(on_day), MIN(at_ts), MAX(at_ts), MIN(starts), MAX(starts) FROM event;
INSERT INTO event (id, title, on_day, starts, at_ts) VALUES (8, 'typed', DATE '2024-11-05', TIME '07:45:00', TIMESTAMP '2024-11-05 07:45:00');
SELECT id, on_day, starts, at_ts FROM event WHERE id = 8;
INSERT INTO event (id, title, at_ts) VALUES (9, 'nanos', '2024-06-15 08:30:00.123456789');
SELECT id, at_ts FROM event WHERE id = 9;
SELECT COUNT(*) FROM event WHERE id = 9 AND at_ts > TIMESTAMP '2024-06-15 08:30:00.1234565';
SELECT id, DATE '2024-01-31' + INTERVAL '1' MONTH FROM event WHERE id = 1;
SELECT id, TIMESTAMP '2024-06-10 01:30:00' + INTERVAL '1' HOUR FROM event WHERE id = 1;
SELECT id, DATEADD('DAY', 1, TIMESTAMP '2024-12-31 23:00:00') FROM event WHERE id = 1;

SELECT COUNT(*) FROM event WHERE on_day < CURRENT_DATE;
SELECT COUNT(*) FROM event WHERE at_ts < CURRENT_TIMESTAMP;
SELECT COUNT(*) FROM event WHERE at_ts < LOCALTIMESTAMP;
SELECT COUNT(*) FROM event WHERE on_day > CURRENT_DATE;
SELECT CASE WHEN CURRENT_DATE > DATE '2024-01-01' THEN 'after' ELSE 'before' END FROM event WHERE id = 1;
SELECT CASE WHEN YEAR(CURRENT_DATE) >= 2024 THEN 1 ELSE 0 END FROM event WHERE id = 1;
SELECT CASE WHEN CAST(CURRENT_TIMESTAMP AS DATE) = CURRENT_DATE THEN 'same' ELSE 'midnight' END FROM event WHERE id = 1;
SELECT CASE WHEN CURRENT_TIME IS NOT NULL THEN 'ok' END FROM event WHERE id = 1;
UPDATE event SET logged = CURRENT_TIMESTAMP WHERE id <= 3;
SELECT id FROM event WHERE logged IS NOT NULL AND logged <= CURRENT_TIMESTAMP AND logged > TIMESTAMP '2024-01-01 00:00:00' ORDER BY id;
SELECT COUNT(*) FROM event WHERE logged IS NULL;
INSERT INTO event (id, title, on_day, at_ts) VALUES (7, 'today', CURRENT_DATE, CURRENT_TIMESTAMP);
SELECT COUNT(*) FROM event WHERE id = 7 AND on_day = CAST(at_ts AS DATE);
SELECT COUNT(*) FROM event WHERE on_day >= CURRENT_DATE - INTERVAL '1' DAY AND id = 7;
UPDATE event SET on_day = DATEADD('DAY', 7, on_day) WHERE id IN (1, 2);
UPDATE event SET at_ts = at_ts + INTERVAL '1' HOUR WHERE id = 3;
SELECT id, on_day, at_ts FROM event WHERE id <= 3 ORDER BY id;
SELECT id FROM event WHERE on_day = '2024-02-30';
SELECT CAST('not a date' AS DATE) FROM event WHERE id = 1;
