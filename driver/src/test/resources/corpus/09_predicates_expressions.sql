-- Predicates (comparison, LIKE with escapes, BETWEEN, IN lists, IS NULL, boolean logic with NULL) and
-- expressions (CASE, COALESCE, NULLIF, CAST).

CREATE TABLE person (
    id INT PRIMARY KEY,
    name VARCHAR(30) NOT NULL,
    nick VARCHAR(30),
    age INT,
    height DECIMAL(4, 2),
    member BOOLEAN,
    born DATE
);

INSERT INTO person VALUES
    (1, 'Anna Smith', 'annie', 34, 1.68, TRUE, '1990-05-17'),
    (2, 'bob jones', NULL, 17, 1.80, FALSE, '2007-01-02'),
    (3, 'Carl_Brown', 'c%b', 65, NULL, NULL, '1959-12-31'),
    (4, 'Dana 100%', 'd_d', NULL, 1.55, TRUE, NULL),
    (5, 'eve', '', 28, 1.70, FALSE, '1996-02-29'),
    (6, 'Frank O''Neil', 'frankie', 41, 1.91, TRUE, '1983-07-04'),
    (7, 'back\slash', 'b\s', 50, 1.75, NULL, '1974-10-10');

SELECT id FROM person WHERE age > 30 ORDER BY id;
SELECT id FROM person WHERE age >= 28 AND age <= 41 ORDER BY id;
SELECT id FROM person WHERE age <> 34 ORDER BY id;
SELECT id FROM person WHERE age != 34 ORDER BY id;
SELECT id FROM person WHERE NOT (age < 30) ORDER BY id;
SELECT id FROM person WHERE age < 20 OR height > 1.85 ORDER BY id;
SELECT id FROM person WHERE name < 'C' ORDER BY id;
SELECT id FROM person WHERE height = 1.8;
SELECT id FROM person WHERE born > '1990-01-01' ORDER BY id;

SELECT id FROM person WHERE name LIKE 'A%';
SELECT id FROM person WHERE name LIKE '%o%' ORDER BY id;
SELECT id FROM person WHERE name LIKE '_ve';
SELECT id FROM person WHERE name NOT LIKE '%a%' ORDER BY id;
SELECT id FROM person WHERE LOWER(name) LIKE 'b%' ORDER BY id;
SELECT id FROM person WHERE name LIKE '%!%' ESCAPE '!';
SELECT id FROM person WHERE name LIKE '%!_%' ESCAPE '!';
SELECT id FROM person WHERE nick LIKE '_!_%' ESCAPE '!';
SELECT id FROM person WHERE nick LIKE 'c#%b' ESCAPE '#';
SELECT id FROM person WHERE name LIKE '%\%' ORDER BY id;
SELECT id FROM person WHERE name LIKE '%\_%' ORDER BY id;
SELECT id FROM person WHERE nick LIKE '%\\%' ORDER BY id;
SELECT id FROM person WHERE name LIKE 'Frank O''%';
SELECT id FROM person WHERE nick LIKE '' ORDER BY id;
SELECT id FROM person WHERE name LIKE 'a%' ESCAPE 'ab';

SELECT id FROM person WHERE age BETWEEN 28 AND 41 ORDER BY id;
SELECT id FROM person WHERE age NOT BETWEEN 28 AND 41 ORDER BY id;
SELECT id FROM person WHERE age BETWEEN 41 AND 28;
SELECT id FROM person WHERE name BETWEEN 'B' AND 'F' ORDER BY id;
SELECT id FROM person WHERE born BETWEEN DATE '1980-01-01' AND DATE '1999-12-31' ORDER BY id;
SELECT id FROM person WHERE age IN (17, 28, 99) ORDER BY id;
SELECT id FROM person WHERE age NOT IN (17, 28) ORDER BY id;
SELECT id FROM person WHERE nick IN ('annie', 'frankie', NULL) ORDER BY id;
SELECT id FROM person WHERE nick NOT IN ('annie', NULL);
SELECT id FROM person WHERE age IS NULL;
SELECT id FROM person WHERE age IS NOT NULL ORDER BY id;
SELECT id FROM person WHERE nick IS NULL OR nick = '' ORDER BY id;
SELECT id FROM person WHERE age = NULL;

SELECT id FROM person WHERE member ORDER BY id;
SELECT id FROM person WHERE NOT member ORDER BY id;
SELECT id FROM person WHERE member = FALSE ORDER BY id;
SELECT id FROM person WHERE member IS NOT TRUE ORDER BY id;
SELECT id FROM person WHERE member IS UNKNOWN ORDER BY id;
SELECT id FROM person WHERE member OR age > 60 ORDER BY id;
SELECT id FROM person WHERE member AND age > 40 ORDER BY id;
SELECT id, member AND age > 30, member OR age > 30, NOT member FROM person ORDER BY id;
SELECT id, age > 30 FROM person ORDER BY id;
SELECT COUNT(*) FROM person WHERE (age > 30) = member;

SELECT id, CASE WHEN age < 18 THEN 'minor' WHEN age < 65 THEN 'adult' ELSE 'senior' END FROM person ORDER BY id;
SELECT id, CASE WHEN age < 18 THEN 'minor' WHEN age >= 18 THEN 'adult' END AS band FROM person ORDER BY id;
SELECT id, CASE member WHEN TRUE THEN 'yes' WHEN FALSE THEN 'no' ELSE 'unknown' END FROM person ORDER BY id;
SELECT id, CASE id WHEN 1 THEN 10 WHEN 2 THEN 20.5 ELSE 0 END FROM person ORDER BY id;
SELECT id, CASE WHEN nick IS NULL THEN name ELSE nick END FROM person ORDER BY id;
SELECT SUM(CASE WHEN member THEN 1 ELSE 0 END), SUM(CASE WHEN age IS NULL THEN 1 END) FROM person;
SELECT id, COALESCE(nick, name) FROM person ORDER BY id;
SELECT id, COALESCE(age, -1), COALESCE(height, 0) FROM person ORDER BY id;
SELECT id, COALESCE(NULL, nick, 'none') FROM person ORDER BY id;
SELECT id, NULLIF(nick, '') FROM person ORDER BY id;
SELECT id, NULLIF(age, 17), NULLIF(member, TRUE) FROM person ORDER BY id;
SELECT id, CAST(age AS VARCHAR(5)), CAST(height AS INT), CAST(height * 100 AS INT) FROM person ORDER BY id;
SELECT id, CAST(age AS DECIMAL(6, 2)), CAST(age AS DOUBLE), CAST(age AS BIGINT), CAST(age AS SMALLINT) FROM person ORDER BY id;
SELECT id, CAST(born AS VARCHAR(10)), CAST(member AS VARCHAR(5)) FROM person ORDER BY id;
SELECT id, CAST(height AS DECIMAL(3, 1)) FROM person ORDER BY id;
SELECT CAST(name AS INT) FROM person WHERE id = 1;
SELECT id, age + NULL, age * 2 + 1, -age, age - height FROM person ORDER BY id;
SELECT id FROM person WHERE COALESCE(member, FALSE) = FALSE ORDER BY id;
SELECT id FROM person WHERE CASE WHEN age > 30 THEN member ELSE NOT member END ORDER BY id;
