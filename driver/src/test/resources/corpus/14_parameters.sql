-- Statements with ? parameters, run through PreparedStatement. The line before each such statement gives the
-- values in order: "-- params: 1, 'x', 2.50". Literal forms: integers (setInt, or setLong beyond INT), decimals
-- (setBigDecimal), numbers with an exponent (setDouble), 'strings' (setString, '' for a quote), TRUE/FALSE
-- (setBoolean), DATE '...', TIME '...', TIMESTAMP '...' (setDate, setTime, setTimestamp), X'hex' (setBytes),
-- NULL (setNull with Types.NULL). A statement without a params line is run as a plain Statement.

CREATE TABLE booking (
    id INT PRIMARY KEY,
    guest VARCHAR(30) NOT NULL,
    nights SMALLINT,
    rate DECIMAL(8, 2),
    score DOUBLE,
    paid BOOLEAN,
    arrival DATE,
    check_in TIME,
    created TIMESTAMP,
    ref BIGINT,
    doc BLOB
);

-- params: 1, 'ada', 3, 120.50, 4.5, TRUE, DATE '2024-07-01', TIME '15:00:00', TIMESTAMP '2024-06-01 10:00:00', 9000000000, X'0A0B'
INSERT INTO booking VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?);
-- params: 2, 'bea', 1, 99.99, 3.0E0, FALSE, DATE '2024-07-03', TIME '18:30:00', TIMESTAMP '2024-06-02 11:30:00.5', 1, NULL
INSERT INTO booking VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?);
-- params: 3, 'O''Hara', NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL
INSERT INTO booking VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?);
-- params: 4, 'dan', 7, 80.00
INSERT INTO booking (id, guest, nights, rate, paid) VALUES (?, ?, ?, ?, FALSE);
-- params: 5, 'eli'
INSERT INTO booking (id, guest, nights, rate) SELECT ?, ?, nights, rate FROM booking WHERE id = 1;
SELECT id, guest, nights, rate, score, paid, arrival, check_in, created, ref, doc FROM booking ORDER BY id;

-- params: 1
SELECT guest FROM booking WHERE id = ?;
-- params: 'bea'
SELECT id FROM booking WHERE guest = ?;
-- params: 100.00
SELECT id FROM booking WHERE rate > ? ORDER BY id;
-- params: 2, 5
SELECT id FROM booking WHERE nights BETWEEN ? AND ? ORDER BY id;
-- params: 1, 3, 5
SELECT id, guest FROM booking WHERE id IN (?, ?, ?) ORDER BY id;
-- params: 'b%'
SELECT id FROM booking WHERE guest LIKE ?;
-- params: TRUE
SELECT id FROM booking WHERE paid = ?;
-- params: DATE '2024-07-02'
SELECT id FROM booking WHERE arrival > ? ORDER BY id;
-- params: TIMESTAMP '2024-06-02 11:30:00.5'
SELECT id FROM booking WHERE created = ?;
-- params: TIME '16:00:00'
SELECT id FROM booking WHERE check_in < ?;
-- params: 9000000000
SELECT id FROM booking WHERE ref = ?;
-- params: 4.5
SELECT id FROM booking WHERE score = ?;
-- params: NULL
SELECT COUNT(*) FROM booking WHERE nights = ?;
-- params: 'x'
SELECT id, ? FROM booking WHERE id = 1;
-- params: 2
SELECT id, nights * ? FROM booking ORDER BY id;
-- params: 10, 20
SELECT COALESCE(nights, ?) + ? FROM booking WHERE id = 3;
-- params: 'none'
SELECT id, COALESCE(CAST(nights AS VARCHAR(10)), ?) FROM booking ORDER BY id;
-- params: 3
SELECT id, CASE WHEN nights >= ? THEN 'long' ELSE 'short' END FROM booking ORDER BY id;
-- params: 2
SELECT id FROM booking ORDER BY id LIMIT ?;
-- params: 2, 1
SELECT id FROM booking ORDER BY id LIMIT ? OFFSET ?;
-- params: 1, 2
SELECT id FROM booking ORDER BY id OFFSET ? ROWS FETCH NEXT ? ROWS ONLY;
-- params: 3
SELECT id FROM booking LIMIT ?;
-- params: 1
SELECT COUNT(*) FROM booking WHERE nights > ? GROUP BY paid HAVING COUNT(*) > 0 ORDER BY 1;
-- params: 2
SELECT guest FROM booking b WHERE EXISTS (SELECT 1 FROM booking x WHERE x.id = b.id AND x.nights > ?) ORDER BY guest;
-- params: 'ada', 'bea'
SELECT guest FROM booking WHERE guest = ? UNION SELECT guest FROM booking WHERE guest = ? ORDER BY guest;
-- params: 'ad'
SELECT id FROM booking WHERE guest LIKE ? || '%';

-- params: 140.00, 1
UPDATE booking SET rate = ? WHERE id = ?;
-- params: TRUE, 3
UPDATE booking SET paid = ? WHERE nights >= ? OR nights IS NULL;
-- params: NULL, 2
UPDATE booking SET score = ? WHERE id = ?;
-- params: 'zed', 99
UPDATE booking SET guest = ? WHERE id = ?;
-- params: 5
DELETE FROM booking WHERE id = ?;
SELECT id, guest, rate, score, paid FROM booking ORDER BY id;
-- params: 7, 'nan', TIMESTAMP '2024-06-03 09:00:00.123456789'
INSERT INTO booking (id, guest, created) VALUES (?, ?, ?);
SELECT id, created FROM booking WHERE id = 7;
-- params: TIMESTAMP '2024-06-03 09:00:00.1234565'
SELECT id FROM booking WHERE created > ?;

-- params: 1
INSERT INTO booking (id, guest) VALUES (?, 'duplicate');
-- params: 6
INSERT INTO booking (id, guest) VALUES (?, ?);
-- params: 6, 'six', 7
INSERT INTO booking (id, guest) VALUES (?, ?);
-- params: 'not a number'
SELECT id FROM booking WHERE id = ?;
-- params:
SELECT COUNT(*) FROM booking;
