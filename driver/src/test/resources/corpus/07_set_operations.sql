-- Set operations: UNION, UNION ALL, EXCEPT, INTERSECT, with duplicates, NULLs, ORDER BY and nesting.

CREATE TABLE team_a (id INT PRIMARY KEY, member VARCHAR(10), score INT);
CREATE TABLE team_b (id INT PRIMARY KEY, member VARCHAR(10), score INT);

INSERT INTO team_a VALUES (1, 'kim', 10), (2, 'lee', 20), (3, 'max', NULL), (4, 'ned', 20), (5, NULL, 5);
INSERT INTO team_b VALUES (1, 'lee', 20), (2, 'max', NULL), (3, 'ola', 30), (4, 'pam', 20), (5, NULL, 5), (6, 'lee', 20);

SELECT member FROM team_a UNION SELECT member FROM team_b;
SELECT member FROM team_a UNION ALL SELECT member FROM team_b;
SELECT member, score FROM team_a UNION SELECT member, score FROM team_b;
SELECT member, score FROM team_a UNION ALL SELECT member, score FROM team_b;
SELECT member FROM team_a UNION SELECT member FROM team_b ORDER BY 1;
SELECT member FROM team_a UNION SELECT member FROM team_b ORDER BY member DESC;
SELECT score FROM team_a UNION ALL SELECT score FROM team_b ORDER BY score;
SELECT member FROM team_a EXCEPT SELECT member FROM team_b;
SELECT member FROM team_b EXCEPT SELECT member FROM team_a ORDER BY member;
SELECT member, score FROM team_a EXCEPT SELECT member, score FROM team_b;
SELECT member FROM team_a INTERSECT SELECT member FROM team_b;
SELECT member, score FROM team_a INTERSECT SELECT member, score FROM team_b ORDER BY member;
SELECT score FROM team_a INTERSECT SELECT score FROM team_b;
SELECT member FROM team_a WHERE score > 10 UNION SELECT member FROM team_b WHERE score > 25 ORDER BY 1;
SELECT member FROM team_a UNION SELECT member FROM team_b EXCEPT SELECT member FROM team_a WHERE id = 1;
SELECT member FROM team_a UNION ALL SELECT member FROM team_b INTERSECT SELECT member FROM team_a;
(SELECT member FROM team_a EXCEPT SELECT member FROM team_b) UNION (SELECT member FROM team_b EXCEPT SELECT member FROM team_a);
SELECT COUNT(*) FROM (SELECT member FROM team_a UNION SELECT member FROM team_b) u;
SELECT COUNT(*) FROM (SELECT member FROM team_a UNION ALL SELECT member FROM team_b) u;
SELECT u.member, COUNT(*) FROM (SELECT member FROM team_a UNION ALL SELECT member FROM team_b) u GROUP BY u.member ORDER BY u.member;
SELECT id, 'a' AS src FROM team_a UNION ALL SELECT id, 'b' FROM team_b ORDER BY id, src;
SELECT member, 1 FROM team_a WHERE id = 1 UNION SELECT member, 2 FROM team_b WHERE id = 1 ORDER BY 2;
SELECT id FROM team_a UNION SELECT score FROM team_b ORDER BY 1;
SELECT member FROM team_a UNION SELECT CAST(score AS VARCHAR(10)) FROM team_b ORDER BY 1;
SELECT id, member FROM team_a UNION SELECT id FROM team_b;
INSERT INTO team_a SELECT id + 10, member, score FROM team_b EXCEPT SELECT id + 10, member, score FROM team_b WHERE score = 20;
SELECT id, member, score FROM team_a ORDER BY id;
SELECT member FROM team_a MINUS SELECT member FROM team_b;
