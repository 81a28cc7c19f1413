-- INSERT, UPDATE and DELETE in their common forms; update counts are compared, then the table is read back.

CREATE TABLE account (
    id INT PRIMARY KEY,
    owner VARCHAR(30) NOT NULL,
    branch VARCHAR(10),
    balance DECIMAL(12, 2) DEFAULT 0 NOT NULL,
    opened DATE,
    closed BOOLEAN DEFAULT FALSE NOT NULL
);
CREATE TABLE account_archive (
    id INT PRIMARY KEY,
    owner VARCHAR(30) NOT NULL,
    balance DECIMAL(12, 2)
);
CREATE TABLE ledger (
    account_id INT NOT NULL,
    line_no INT NOT NULL,
    amount DECIMAL(12, 2) NOT NULL,
    memo VARCHAR(40),
    PRIMARY KEY (account_id, line_no)
);

INSERT INTO account VALUES (1, 'alice', 'north', 100.00, '2020-01-15', FALSE);
INSERT INTO account (id, owner, branch, balance) VALUES (2, 'bob', 'south', 250.50);
INSERT INTO account (id, owner) VALUES (3, 'carol');
INSERT INTO account (id, owner, branch, balance, opened) VALUES
    (4, 'dave', 'north', 75.25, '2021-06-01'),
    (5, 'erin', 'east', 0.10, '2022-11-30'),
    (6, 'frank', NULL, 1000, NULL),
    (7, 'grace', 'south', 310.00, '2019-03-03');
SELECT id, owner, branch, balance, opened, closed FROM account ORDER BY id;

INSERT INTO ledger (account_id, line_no, amount, memo) VALUES (1, 1, 100.00, 'opening'), (1, 2, -20.00, 'fee'), (2, 1, 250.50, 'opening');
INSERT INTO ledger VALUES (4, 1, 75.25, NULL);
INSERT INTO ledger (account_id, line_no, amount) SELECT id, 1, balance FROM account WHERE id IN (5, 6, 7);
INSERT INTO ledger SELECT id, 9, 0, 'zero' FROM account WHERE branch = 'north';
SELECT account_id, line_no, amount, memo FROM ledger ORDER BY account_id, line_no;

INSERT INTO account_archive SELECT id, owner, balance FROM account WHERE balance < 100;
INSERT INTO account_archive (id, owner) SELECT id + 100, UPPER(owner) FROM account WHERE branch IS NULL;
SELECT id, owner, balance FROM account_archive ORDER BY id;
INSERT INTO account_archive SELECT id, owner, balance FROM account WHERE id = 1 AND 1 = 0;
INSERT INTO account_archive (id, owner, balance) VALUES (5, 'again', 1);
INSERT INTO account_archive (id, owner, balance) VALUES (8, NULL, 1);
INSERT INTO account_archive (id, owner, balance) VALUES (9, 'too many', 1, 2);
INSERT INTO no_such_table VALUES (1);
SELECT COUNT(*) FROM account_archive;

UPDATE account SET balance = 120.00 WHERE id = 1;
UPDATE account SET balance = balance + 10 WHERE branch = 'north';
UPDATE account SET branch = 'west' WHERE branch IS NULL;
UPDATE account SET balance = balance * 1.05, closed = TRUE WHERE balance < 1;
UPDATE account SET owner = 'nobody' WHERE id = 999;
UPDATE account SET opened = '2023-01-01' WHERE opened IS NULL AND id > 2;
UPDATE account SET balance = (SELECT SUM(amount) FROM ledger WHERE ledger.account_id = account.id) WHERE id IN (1, 2);
UPDATE account SET branch = CASE WHEN balance >= 300 THEN 'vip' ELSE branch END;
UPDATE account SET owner = NULL WHERE id = 3;
UPDATE account SET id = 2 WHERE id = 3;
SELECT id, owner, branch, balance, opened, closed FROM account ORDER BY id;
UPDATE ledger SET memo = 'touched';
SELECT COUNT(*) FROM ledger WHERE memo = 'touched';

DELETE FROM ledger WHERE account_id = 1 AND line_no = 2;
DELETE FROM ledger WHERE amount = 0;
DELETE FROM ledger WHERE account_id IN (SELECT id FROM account WHERE branch = 'vip');
DELETE FROM ledger WHERE account_id = 12345;
SELECT account_id, line_no, amount FROM ledger ORDER BY account_id, line_no;
DELETE FROM account_archive WHERE id > 100;
DELETE FROM account WHERE id = 7;
DELETE FROM account WHERE closed;
SELECT id, owner FROM account ORDER BY id;
DELETE FROM ledger;
SELECT COUNT(*) FROM ledger;
DELETE FROM account_archive WHERE NOT EXISTS (SELECT 1 FROM account a WHERE a.id = account_archive.id);
SELECT id, owner, balance FROM account_archive ORDER BY id;

-- A statement that fails leaves nothing behind: the second row would violate the key.
INSERT INTO account (id, owner) VALUES (50, 'first'), (1, 'duplicate');
SELECT COUNT(*) FROM account WHERE id = 50;
UPDATE account SET id = 1 WHERE id = 2;
SELECT id, owner FROM account ORDER BY id;

TRUNCATE TABLE account_archive;
SELECT COUNT(*) FROM account_archive;
