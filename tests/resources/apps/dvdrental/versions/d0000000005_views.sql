-- Revision ID: d0000000005
-- Revises: d0000000004
-- Create Date: 2026-11-29 12:05:00.000000
-- Message: customer list, sales per store, actors per film
-- Branch Labels: 
-- Depends On: 

-- upgrade
CREATE VIEW customer_list AS
    SELECT cu.customer_id AS id, cu.first_name || ' ' || cu.last_name AS name, a.address, a.phone,
           city.city, country.country,
           CASE WHEN cu.activebool THEN 'active' ELSE '' END AS notes, cu.store_id AS sid
    FROM customer cu
    JOIN address a ON cu.address_id = a.address_id
    JOIN city ON a.city_id = city.city_id
    JOIN country ON city.country_id = country.country_id;
CREATE VIEW sales_by_store AS
    SELECT s.store_id, SUM(p.amount) AS total_sales, COUNT(*) AS payments
    FROM payment p
    JOIN rental r ON p.rental_id = r.rental_id
    JOIN inventory i ON r.inventory_id = i.inventory_id
    JOIN store s ON i.store_id = s.store_id
    GROUP BY s.store_id;
-- Aggregating text is spelled differently by each backend.
-- dialect: postgresql
CREATE VIEW film_actors AS
    SELECT f.film_id, f.title, string_agg(a.first_name || ' ' || a.last_name, ', ' ORDER BY a.last_name) AS actors
    FROM film f JOIN film_actor fa ON fa.film_id = f.film_id JOIN actor a ON a.actor_id = fa.actor_id
    GROUP BY f.film_id, f.title;
-- dialect: mysql
CREATE VIEW film_actors AS
    SELECT f.film_id, f.title, GROUP_CONCAT(a.first_name || ' ' || a.last_name ORDER BY a.last_name SEPARATOR ', ') AS actors
    FROM film f JOIN film_actor fa ON fa.film_id = f.film_id JOIN actor a ON a.actor_id = fa.actor_id
    GROUP BY f.film_id, f.title;
-- dialect: sqlite
CREATE VIEW film_actors AS
    SELECT f.film_id, f.title, group_concat(a.first_name || ' ' || a.last_name, ', ') AS actors
    FROM film f JOIN film_actor fa ON fa.film_id = f.film_id JOIN actor a ON a.actor_id = fa.actor_id
    GROUP BY f.film_id, f.title;

-- downgrade
DROP VIEW film_actors;
DROP VIEW sales_by_store;
DROP VIEW customer_list;
