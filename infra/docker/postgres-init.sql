-- Run once by the postgres image on an empty volume: the test database `aisle services up` also makes.
CREATE DATABASE aisle_test OWNER aisle;
