-- Subqueries: scalar, IN and NOT IN (with NULLs), EXISTS, correlated, derived tables, ANY/ALL, WITH.

CREATE TABLE customer (
    id INT PRIMARY KEY,
    name VARCHAR(20) NOT NULL,
    city VARCHAR(20),
    credit DECIMAL(8, 2)
);
CREATE TABLE orders (
    id INT PRIMARY KEY,
    customer_id INT,
    total DECIMAL(8, 2) NOT NULL,
    status VARCHAR(10) NOT NULL
);

INSERT INTO customer VALUES (1, 'acme', 'paris', 1000.00), (2, 'bolt', 'rome', 500.00), (3, 'coil', 'paris', NULL),
    (4, 'dyne', NULL, 250.00), (5, 'echo', 'oslo', 0.00);
INSERT INTO orders VALUES (100, 1, 120.00, 'paid'), (101, 1, 80.50, 'open'), (102, 2, 40.00, 'paid'), (103, 3, 999.99, 'void'),
    (104, NULL, 5.00, 'open'), (105, 2, 60.00, 'paid'), (106, 9, 1.00, 'paid');

SELECT id, name, (SELECT COUNT(*) FROM orders o WHERE o.customer_id = c.id) FROM customer c ORDER BY id;
SELECT id, (SELECT MAX(total) FROM orders o WHERE o.customer_id = c.id) AS max_total FROM customer c ORDER BY id;
SELECT name FROM customer WHERE credit = (SELECT MAX(credit) FROM customer);
SELECT id FROM orders WHERE total > (SELECT AVG(total) FROM orders) ORDER BY id;
SELECT (SELECT name FROM customer WHERE id = 2) FROM orders WHERE id = 100;
SELECT name FROM customer WHERE id IN (SELECT customer_id FROM orders WHERE status = 'paid') ORDER BY name;
SELECT name FROM customer WHERE id NOT IN (SELECT customer_id FROM orders WHERE customer_id IS NOT NULL) ORDER BY name;
SELECT name FROM customer WHERE id NOT IN (SELECT customer_id FROM orders);
SELECT id FROM orders WHERE customer_id IN (1, 2, NULL) ORDER BY id;
SELECT id FROM orders WHERE customer_id NOT IN (1, NULL);
SELECT name FROM customer c WHERE EXISTS (SELECT 1 FROM orders o WHERE o.customer_id = c.id AND o.status = 'open') ORDER BY name;
SELECT name FROM customer c WHERE NOT EXISTS (SELECT * FROM orders o WHERE o.customer_id = c.id) ORDER BY name;
SELECT id FROM orders o WHERE total > (SELECT AVG(total) FROM orders o2 WHERE o2.status = o.status) ORDER BY id;
SELECT id FROM orders o WHERE NOT EXISTS (SELECT 1 FROM customer c WHERE c.id = o.customer_id) ORDER BY id;
SELECT c.city, c.name FROM customer c WHERE c.credit >= ALL (SELECT c2.credit FROM customer c2 WHERE c2.city = c.city AND c2.credit IS NOT NULL) ORDER BY c.id;
SELECT id FROM orders WHERE total > ANY (SELECT credit FROM customer WHERE city = 'rome') ORDER BY id;
SELECT id FROM orders WHERE total < ALL (SELECT total FROM orders WHERE status = 'paid') ORDER BY id;
SELECT id FROM orders WHERE total > SOME (SELECT total FROM orders WHERE status = 'void');
SELECT x.status, x.n FROM (SELECT status, COUNT(*) AS n FROM orders GROUP BY status) x ORDER BY x.status;
SELECT MAX(n) FROM (SELECT customer_id, COUNT(*) AS n FROM orders GROUP BY customer_id) t;
SELECT t.name, t.spent FROM (SELECT c.name, SUM(o.total) AS spent FROM customer c JOIN orders o ON o.customer_id = c.id GROUP BY c.name) t
    WHERE t.spent > 100 ORDER BY t.name;
SELECT COUNT(*) FROM (SELECT DISTINCT city FROM customer) d;
SELECT a.id, b.id FROM (SELECT id FROM customer WHERE id < 3) a, (SELECT id FROM orders WHERE id < 102) b ORDER BY a.id, b.id;
WITH paid AS (SELECT customer_id, SUM(total) AS s FROM orders WHERE status = 'paid' GROUP BY customer_id)
    SELECT c.name, p.s FROM customer c JOIN paid p ON p.customer_id = c.id ORDER BY c.name;
WITH RECURSIVE n (k) AS (SELECT 1 FROM customer WHERE id = 1 UNION ALL SELECT k + 1 FROM n WHERE k < 5) SELECT SUM(k) FROM n;
SELECT id, CASE WHEN EXISTS (SELECT 1 FROM orders o WHERE o.customer_id = c.id) THEN 'buyer' ELSE 'none' END FROM customer c ORDER BY id;
SELECT id FROM customer WHERE (city, credit) IN (SELECT city, credit FROM customer WHERE id = 1);
UPDATE orders SET status = 'vip' WHERE customer_id IN (SELECT id FROM customer WHERE credit >= 500);
DELETE FROM orders WHERE customer_id NOT IN (SELECT id FROM customer);
SELECT id, customer_id, status FROM orders ORDER BY id;
UPDATE customer SET credit = (SELECT SUM(total) FROM orders WHERE orders.customer_id = customer.id) WHERE city = 'paris';
SELECT id, credit FROM customer ORDER BY id;
SELECT id FROM orders WHERE customer_id = (SELECT id FROM customer WHERE city = 'paris');
SELECT id FROM orders WHERE customer_id = (SELECT id FROM customer);
SELECT id FROM orders WHERE total = (SELECT total, status FROM orders WHERE id = 100);
