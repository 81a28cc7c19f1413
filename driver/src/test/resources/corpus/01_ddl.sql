-- DDL: tables with keys, constraints and defaults; indexes; views; ALTER TABLE; DROP TABLE.
-- Later statements read the tables back so that a definition that silently differs shows up as a wrong answer.

CREATE TABLE category (
    id INT PRIMARY KEY,
    code CHAR(4) NOT NULL UNIQUE,
    title VARCHAR(40) NOT NULL,
    rank_no SMALLINT DEFAULT 0
);

CREATE TABLE product (
    id BIGINT PRIMARY KEY,
    category_id INT NOT NULL REFERENCES category (id),
    sku VARCHAR(20) NOT NULL,
    price DECIMAL(10, 2) NOT NULL CHECK (price >= 0),
    weight DOUBLE,
    rating REAL,
    stock INT DEFAULT 0 NOT NULL,
    in_stock BOOLEAN DEFAULT TRUE,
    label VARCHAR(20) DEFAULT 'n/a',
    CONSTRAINT uq_product_sku UNIQUE (sku)
);

CREATE TABLE price_history (
    product_id BIGINT NOT NULL,
    valid_from DATE NOT NULL,
    price DECIMAL(10, 2) NOT NULL,
    PRIMARY KEY (product_id, valid_from),
    CONSTRAINT fk_price_history_product FOREIGN KEY (product_id) REFERENCES product (id)
);

CREATE TABLE audit_entry (
    entry_id INT NOT NULL,
    seq_no SMALLINT NOT NULL,
    happened_at TIMESTAMP,
    at_time TIME,
    details CLOB,
    payload BLOB,
    CONSTRAINT pk_audit_entry PRIMARY KEY (entry_id, seq_no)
);

INSERT INTO category VALUES (1, 'FOOD', 'Food', 1);
INSERT INTO category (id, code, title) VALUES (2, 'TOOL', 'Tools');
INSERT INTO category (id, code, title, rank_no) VALUES (3, 'TOY', 'Toys', NULL);
SELECT id, code, title, rank_no FROM category ORDER BY id;

INSERT INTO product (id, category_id, sku, price) VALUES (10, 1, 'F-10', 2.50);
INSERT INTO product (id, category_id, sku, price, weight, rating, stock, in_stock, label)
    VALUES (11, 1, 'F-11', 3.75, 0.5, 4.5, 12, FALSE, 'organic');
INSERT INTO product (id, category_id, sku, price, weight) VALUES (20, 2, 'T-20', 19.99, 1.25);
SELECT id, category_id, sku, price, weight, rating, stock, in_stock, label FROM product ORDER BY id;

-- Constraint violations: H2 rejects each, so Chorus must reject each.
INSERT INTO product (id, category_id, sku, price) VALUES (12, 99, 'F-12', 1.00);
INSERT INTO product (id, category_id, sku, price) VALUES (13, 1, 'F-10', 1.00);
INSERT INTO product (id, category_id, sku, price) VALUES (10, 1, 'F-14', 1.00);
INSERT INTO product (id, category_id, sku, price) VALUES (15, 1, 'F-15', -1.00);
INSERT INTO product (id, category_id, sku, price) VALUES (16, 1, NULL, 1.00);
INSERT INTO category (id, code, title) VALUES (4, 'FOOD', 'Duplicate code');
SELECT COUNT(*) FROM product;

INSERT INTO price_history VALUES (10, '2024-01-01', 2.40);
INSERT INTO price_history VALUES (10, '2024-03-01', 2.50);
INSERT INTO price_history VALUES (11, '2024-01-01', 3.75);
INSERT INTO price_history VALUES (10, '2024-03-01', 2.60);
SELECT product_id, valid_from, price FROM price_history ORDER BY product_id, valid_from;

INSERT INTO audit_entry (entry_id, seq_no, happened_at, at_time, details) VALUES (1, 1, '2024-05-01 10:15:00', '10:15:00', 'created');
INSERT INTO audit_entry (entry_id, seq_no, details) VALUES (1, 2, 'updated');
SELECT entry_id, seq_no, happened_at, at_time, details, payload FROM audit_entry ORDER BY entry_id, seq_no;

CREATE INDEX ix_product_category ON product (category_id);
CREATE UNIQUE INDEX ux_category_title ON category (title);
CREATE INDEX ix_product_category_price ON product (category_id, price DESC);
INSERT INTO category (id, code, title) VALUES (5, 'MISC', 'Food');
SELECT id, sku FROM product WHERE category_id = 1 ORDER BY price DESC, id;

CREATE VIEW product_view AS
    SELECT p.id, p.sku, c.code, p.price FROM product p JOIN category c ON c.id = p.category_id;
SELECT id, sku, code, price FROM product_view ORDER BY id;
CREATE VIEW cheap_product (product_id, product_sku) AS SELECT id, sku FROM product WHERE price < 5;
SELECT product_id, product_sku FROM cheap_product ORDER BY product_id;
SELECT COUNT(*) FROM product_view WHERE code = 'FOOD';

ALTER TABLE product ADD COLUMN discontinued DATE;
ALTER TABLE product ADD COLUMN origin VARCHAR(2) DEFAULT 'EU' NOT NULL;
ALTER TABLE category ADD description VARCHAR(100);
SELECT id, discontinued, origin FROM product ORDER BY id;
UPDATE product SET discontinued = '2024-12-31', origin = 'US' WHERE id = 20;
INSERT INTO category (id, code, title, rank_no, description) VALUES (6, 'BOOK', 'Books', 2, 'paper');
SELECT id, code, title, rank_no, description FROM category ORDER BY id;
SELECT id, discontinued, origin FROM product ORDER BY id;

ALTER TABLE price_history ADD CONSTRAINT ck_price_history_price CHECK (price > 0);
INSERT INTO price_history VALUES (20, '2024-01-01', 0);

DROP VIEW cheap_product;
SELECT COUNT(*) FROM cheap_product;
DROP TABLE IF EXISTS no_such_table;
DROP TABLE no_such_table;

CREATE TABLE scratch (id INT PRIMARY KEY, txt VARCHAR(10));
INSERT INTO scratch VALUES (1, 'a');
DROP TABLE scratch;
SELECT COUNT(*) FROM scratch;
CREATE TABLE scratch (id INT PRIMARY KEY, txt VARCHAR(10), extra INT DEFAULT 3);
INSERT INTO scratch (id, txt) VALUES (1, 'b');
SELECT id, txt, extra FROM scratch;
DROP TABLE IF EXISTS scratch;
DROP TABLE IF EXISTS scratch;
CREATE TABLE IF NOT EXISTS scratch (id INT PRIMARY KEY);
CREATE TABLE IF NOT EXISTS scratch (id INT PRIMARY KEY);
SELECT COUNT(*) FROM scratch;

-- A referenced table cannot be dropped while rows point to it.
DROP TABLE category;
SELECT COUNT(*) FROM category;
DROP VIEW product_view;
DROP TABLE price_history;
DROP TABLE product;
DROP TABLE category;
SELECT COUNT(*) FROM audit_entry;
