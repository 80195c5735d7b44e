-- Revision ID: d0000000004
-- Revises: d0000000003
-- Create Date: 2026-11-29 12:04:00.000000
-- Message: sample data
-- Branch Labels: 
-- Depends On: 

-- upgrade
INSERT INTO language (language_id, name) VALUES (1, 'English'), (2, 'Italian'), (3, 'Japanese');
INSERT INTO category (category_id, name) VALUES (1, 'Action'), (2, 'Animation'), (3, 'Documentary');
INSERT INTO actor (actor_id, first_name, last_name) VALUES
    (1, 'PENELOPE', 'GUINESS'), (2, 'NICK', 'WAHLBERG'), (3, 'ED', 'CHASE'), (4, 'JENNIFER', 'DAVIS');
INSERT INTO film (film_id, title, description, release_year, language_id, rental_duration, rental_rate, length, replacement_cost, rating) VALUES
    (1, 'ACADEMY DINOSAUR', 'A Epic Drama of a Feminist And a Mad Scientist', 2006, 1, 6, 0.99, 86, 20.99, 'PG'),
    (2, 'ACE GOLDFINGER', 'A Astounding Epistle of a Database Administrator', 2006, 1, 3, 4.99, 48, 12.99, 'G'),
    (3, 'ADAPTATION HOLES', 'A Astounding Reflection of a Lumberjack', 2006, 2, 7, 2.99, 50, 18.99, 'NC-17'),
    (4, 'AFFAIR PREJUDICE', NULL, 2006, 1, 5, 2.99, 117, 26.99, 'G');
INSERT INTO film_actor (actor_id, film_id) VALUES (1, 1), (2, 1), (3, 2), (4, 3), (1, 4), (4, 4);
INSERT INTO film_category (film_id, category_id) VALUES (1, 3), (2, 1), (3, 2), (4, 1);
INSERT INTO country (country_id, country) VALUES (1, 'Canada'), (2, 'Australia');
INSERT INTO city (city_id, city, country_id) VALUES (1, 'Lethbridge', 1), (2, 'Woodridge', 2);
INSERT INTO address (address_id, address, district, city_id, postal_code, phone) VALUES
    (1, '47 MySakila Drive', 'Alberta', 1, NULL, ''),
    (2, '28 MySQL Boulevard', 'QLD', 2, NULL, ''),
    (3, '23 Workhaven Lane', 'Alberta', 1, '', '14033335568'),
    (4, '1411 Lillydale Drive', 'QLD', 2, '', '6172235589'),
    (5, '1913 Hanoi Way', 'Nagasaki', 1, '35200', '28303384290');
-- The cycle: stores first without a manager, then staff, then the managers.
INSERT INTO store (store_id, manager_staff_id, address_id) VALUES (1, NULL, 1), (2, NULL, 2);
INSERT INTO staff (staff_id, first_name, last_name, address_id, email, store_id, active, username, password) VALUES
    (1, 'Mike', 'Hillyer', 3, 'Mike.Hillyer@sakilastaff.com', 1, TRUE, 'Mike', '8cb2237d0679ca88db6464eac60da96345513964'),
    (2, 'Jon', 'Stephens', 4, 'Jon.Stephens@sakilastaff.com', 2, TRUE, 'Jon', NULL),
    (3, 'Temp', 'Worker', 4, NULL, 2, FALSE, 'temp', NULL);
UPDATE store SET manager_staff_id = store_id;
INSERT INTO customer (customer_id, store_id, first_name, last_name, email, address_id, activebool, create_date, active) VALUES
    (1, 1, 'MARY', 'SMITH', 'MARY.SMITH@sakilacustomer.org', 5, TRUE, '2006-02-14', 1),
    (2, 1, 'PATRICIA', 'JOHNSON', NULL, 5, TRUE, '2006-02-14', 1),
    (3, 2, 'LINDA', 'WILLIAMS', 'LINDA.WILLIAMS@sakilacustomer.org', 5, FALSE, '2006-02-14', 0);
INSERT INTO inventory (inventory_id, film_id, store_id) VALUES (1, 1, 1), (2, 1, 2), (3, 2, 1), (4, 3, 2), (5, 4, 1);
INSERT INTO rental (rental_id, rental_date, inventory_id, customer_id, return_date, staff_id) VALUES
    (1, '2005-05-24 22:53:30', 1, 1, '2005-05-26 22:04:30', 1),
    (2, '2005-05-24 22:54:33', 3, 1, '2005-05-28 19:40:33', 1),
    (3, '2005-05-24 23:03:39', 4, 2, NULL, 2),
    (4, '2005-05-25 00:00:40', 5, 3, '2005-05-30 01:00:40', 2);
INSERT INTO payment (payment_id, customer_id, staff_id, rental_id, amount, payment_date) VALUES
    (1, 1, 1, 1, 2.99, '2005-05-25 11:30:37'),
    (2, 1, 1, 2, 0.99, '2005-05-28 10:35:23'),
    (3, 2, 2, 3, 5.99, '2005-06-15 00:54:12'),
    (4, 3, 2, 4, 0.00, '2005-06-15 18:02:53');

-- downgrade
DELETE FROM payment;
DELETE FROM rental;
DELETE FROM inventory;
DELETE FROM customer;
UPDATE store SET manager_staff_id = NULL;
DELETE FROM staff;
DELETE FROM store;
DELETE FROM address;
DELETE FROM city;
DELETE FROM country;
DELETE FROM film_category;
DELETE FROM film_actor;
DELETE FROM film;
DELETE FROM actor;
DELETE FROM category;
DELETE FROM language;
