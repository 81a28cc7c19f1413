-- String functions and operators: UPPER, LOWER, TRIM, SUBSTRING, LENGTH, CONCAT and ||, REPLACE, POSITION/LOCATE,
-- padding of CHAR, NULL arguments, and a few H2 functions the other engines may lack.

CREATE TABLE word (
    id INT PRIMARY KEY,
    txt VARCHAR(40),
    fixed CHAR(8),
    body CLOB
);

INSERT INTO word VALUES
    (1, 'Hello World', 'abc', 'The quick brown fox'),
    (2, '  padded  ', 'x', 'jumps over'),
    (3, NULL, NULL, NULL),
    (4, '', '', ''),
    (5, 'mañana straße', 'ÄÖÜ', 'ünïcode'),
    (6, 'a,b,,c', 'a b', 'line one');

SELECT id, UPPER(txt), LOWER(txt) FROM word ORDER BY id;
SELECT id, UPPER(fixed), LOWER(body) FROM word ORDER BY id;
SELECT id, TRIM(txt), LTRIM(txt), RTRIM(txt) FROM word ORDER BY id;
SELECT id, TRIM(BOTH ' ' FROM txt), TRIM(LEADING ' ' FROM txt), TRIM(TRAILING ' ' FROM txt) FROM word ORDER BY id;
SELECT id, TRIM(BOTH 'a' FROM txt) FROM word WHERE id = 6;
SELECT id, SUBSTRING(txt, 1, 5), SUBSTRING(txt, 7) FROM word ORDER BY id;
SELECT id, SUBSTRING(txt FROM 2 FOR 3), SUBSTRING(txt FROM 3) FROM word ORDER BY id;
SELECT id, SUBSTR(txt, 2, 4) FROM word ORDER BY id;
SELECT id, SUBSTRING(body, 5, 5) FROM word ORDER BY id;
SELECT id, LENGTH(txt), CHAR_LENGTH(txt), CHARACTER_LENGTH(txt) FROM word ORDER BY id;
SELECT id, LENGTH(fixed) FROM word ORDER BY id;
SELECT id, LENGTH(body) FROM word ORDER BY id;
SELECT id, OCTET_LENGTH(txt) FROM word ORDER BY id;
SELECT id, txt || '!' FROM word ORDER BY id;
SELECT id, txt || '-' || fixed || '-' FROM word ORDER BY id;
SELECT id, CONCAT(txt, '!') FROM word ORDER BY id;
SELECT id, CONCAT(txt, '/', fixed) FROM word ORDER BY id;
SELECT id, 'n=' || id FROM word ORDER BY id;
SELECT id, REPLACE(txt, 'l', 'L') FROM word ORDER BY id;
SELECT id, REPLACE(txt, ',', '') FROM word ORDER BY id;
SELECT id, POSITION('o' IN txt) FROM word ORDER BY id;
SELECT id, LOCATE('o', txt), LOCATE('o', txt, 6) FROM word ORDER BY id;
SELECT id, POSITION('zzz' IN txt) FROM word ORDER BY id;
SELECT id FROM word WHERE UPPER(txt) = 'HELLO WORLD';
SELECT id FROM word WHERE LENGTH(TRIM(txt)) = 6;
SELECT id FROM word WHERE fixed = 'x';
SELECT id FROM word WHERE txt = '';
SELECT id FROM word WHERE txt || 'x' = 'x';
SELECT id, SUBSTRING(UPPER(TRIM(txt)), 1, 3) || LOWER(SUBSTRING(fixed, 1, 1)) FROM word ORDER BY id;
SELECT MAX(txt), MIN(txt) FROM word;
SELECT txt FROM word WHERE txt IS NOT NULL ORDER BY txt;
SELECT id, LEFT(txt, 3), RIGHT(txt, 3) FROM word ORDER BY id;
SELECT id, LPAD(txt, 12, '*'), RPAD(txt, 12, '*') FROM word WHERE id IN (1, 4) ORDER BY id;
SELECT id, REPEAT('ab', id) FROM word WHERE id <= 2 ORDER BY id;
SELECT id, INSTR(txt, 'o') FROM word ORDER BY id;
SELECT id, TRANSLATE(txt, 'lo', 'LO') FROM word WHERE id = 1;
SELECT id, ASCII(txt), CHAR(65 + id) FROM word WHERE id IN (1, 2) ORDER BY id;
UPDATE word SET txt = UPPER(txt) || '?' WHERE id IN (1, 2);
UPDATE word SET body = body || ' (edited)' WHERE id = 1;
SELECT id, txt, body FROM word WHERE id IN (1, 2) ORDER BY id;
SELECT SUBSTRING(txt, 0) FROM word WHERE id = 1;
SELECT id, UPPER(id) FROM word WHERE id = 1;
