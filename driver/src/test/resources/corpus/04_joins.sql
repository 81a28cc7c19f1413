-- Joins: inner, left, right, full, cross, self, multi-table, with NULL keys and no matches.

CREATE TABLE dept (
    id INT PRIMARY KEY,
    name VARCHAR(30) NOT NULL,
    parent_id INT
);
CREATE TABLE emp (
    id INT PRIMARY KEY,
    name VARCHAR(30) NOT NULL,
    dept_id INT REFERENCES dept (id),
    manager_id INT,
    salary DECIMAL(10, 2)
);
CREATE TABLE project (
    id INT PRIMARY KEY,
    title VARCHAR(30) NOT NULL,
    dept_id INT
);
CREATE TABLE assignment (
    emp_id INT NOT NULL,
    project_id INT NOT NULL,
    hours INT NOT NULL,
    PRIMARY KEY (emp_id, project_id)
);

INSERT INTO dept VALUES (1, 'engineering', NULL), (2, 'sales', NULL), (3, 'support', 1), (4, 'research', 1), (5, 'empty', 2);
INSERT INTO emp VALUES
    (1, 'ann', 1, NULL, 9000.00),
    (2, 'ben', 1, 1, 7000.00),
    (3, 'cid', 2, 1, 5000.00),
    (4, 'dot', 3, 2, 4000.00),
    (5, 'eve', NULL, 1, 3000.00),
    (6, 'fay', 3, 4, NULL),
    (7, 'gus', 2, 3, 5000.00);
INSERT INTO project VALUES (10, 'compiler', 1), (11, 'crm', 2), (12, 'helpdesk', 3), (13, 'orphan', NULL), (14, 'moonshot', 9);
INSERT INTO assignment VALUES (1, 10, 20), (2, 10, 35), (2, 11, 5), (3, 11, 40), (4, 12, 38), (6, 12, 10), (7, 11, 12), (1, 14, 1);

SELECT e.id, e.name, d.name FROM emp e INNER JOIN dept d ON d.id = e.dept_id ORDER BY e.id;
SELECT e.id, d.name FROM emp e JOIN dept d ON d.id = e.dept_id AND d.name <> 'sales' ORDER BY e.id;
SELECT e.id, e.name, d.name FROM emp e, dept d WHERE d.id = e.dept_id AND e.salary > 4500 ORDER BY e.id;
SELECT e.id, e.name, d.name FROM emp e LEFT JOIN dept d ON d.id = e.dept_id ORDER BY e.id;
SELECT e.id, d.id FROM emp e LEFT OUTER JOIN dept d ON d.id = e.dept_id AND d.parent_id IS NOT NULL ORDER BY e.id;
SELECT d.id, d.name, e.id FROM dept d LEFT JOIN emp e ON e.dept_id = d.id ORDER BY d.id, e.id;
SELECT d.id, d.name FROM dept d LEFT JOIN emp e ON e.dept_id = d.id WHERE e.id IS NULL ORDER BY d.id;
SELECT e.id, d.id, d.name FROM emp e RIGHT JOIN dept d ON d.id = e.dept_id ORDER BY d.id, e.id;
SELECT p.id, d.name FROM dept d RIGHT OUTER JOIN project p ON p.dept_id = d.id ORDER BY p.id;
SELECT d.id, p.id FROM dept d LEFT JOIN project p ON p.dept_id = d.id
    UNION SELECT d.id, p.id FROM dept d RIGHT JOIN project p ON p.dept_id = d.id ORDER BY 1, 2;
SELECT d.id, p.id FROM dept d CROSS JOIN project p WHERE d.id <= 2 AND p.id <= 11 ORDER BY d.id, p.id;
SELECT COUNT(*) FROM dept CROSS JOIN project;
SELECT COUNT(*) FROM dept, emp, project;
SELECT e.name, m.name FROM emp e JOIN emp m ON m.id = e.manager_id ORDER BY e.id;
SELECT e.name, m.name FROM emp e LEFT JOIN emp m ON m.id = e.manager_id ORDER BY e.id;
SELECT e.id, m.id, mm.id FROM emp e JOIN emp m ON m.id = e.manager_id JOIN emp mm ON mm.id = m.manager_id ORDER BY e.id;
SELECT a.id, b.id FROM emp a JOIN emp b ON a.salary = b.salary AND a.id < b.id ORDER BY a.id, b.id;
SELECT child.name, parent.name FROM dept child JOIN dept parent ON parent.id = child.parent_id ORDER BY child.id;
SELECT e.name, p.title, a.hours FROM emp e JOIN assignment a ON a.emp_id = e.id JOIN project p ON p.id = a.project_id ORDER BY e.id, p.id;
SELECT e.name, p.title FROM emp e JOIN assignment a ON a.emp_id = e.id LEFT JOIN project p ON p.id = a.project_id AND p.dept_id = e.dept_id ORDER BY e.id, a.project_id;
SELECT d.name, SUM(a.hours) FROM dept d JOIN emp e ON e.dept_id = d.id JOIN assignment a ON a.emp_id = e.id GROUP BY d.name ORDER BY d.name;
SELECT d.id, COUNT(e.id) FROM dept d LEFT JOIN emp e ON e.dept_id = d.id GROUP BY d.id ORDER BY d.id;
SELECT p.title FROM project p LEFT JOIN assignment a ON a.project_id = p.id WHERE a.emp_id IS NULL ORDER BY p.title;
SELECT DISTINCT d.name FROM dept d JOIN emp e ON e.dept_id = d.id JOIN assignment a ON a.emp_id = e.id WHERE a.hours > 30 ORDER BY d.name;
SELECT e.id, x.total FROM emp e JOIN (SELECT emp_id, SUM(hours) AS total FROM assignment GROUP BY emp_id) x ON x.emp_id = e.id ORDER BY e.id;
SELECT e.id FROM emp e JOIN dept d ON e.dept_id = d.id JOIN dept pd ON pd.id = d.parent_id WHERE pd.name = 'engineering' ORDER BY e.id;
SELECT * FROM dept d JOIN project p ON p.dept_id = d.id ORDER BY p.id;
SELECT d.*, e.name FROM dept d JOIN emp e ON e.dept_id = d.id WHERE e.id = 4;
SELECT e.id, d.name FROM emp e NATURAL JOIN dept d ORDER BY e.id;
SELECT emp_id, project_id, hours FROM assignment JOIN project USING (id);
SELECT name FROM emp JOIN dept ON dept.id = emp.dept_id;
