#!/usr/bin/env python3
"""Prints the GET /users cursor whose page is the last one, read from a Ludmin SQLite file.

Walking a million users page by page to reach the end would take the benchmark longer than
the measurement, so bench/scale.sh makes the cursor the API would have answered on the page
before the last: the position (created_at, id) of the user just before the last PAGE_SIZE
users, encoded as src/Ludmin.Application/Users/ListUsers/UserListCursor.cs does. scale.sh then
checks with one request that the API accepts it and that its page is the last (next is null).

Usage: last_cursor.py DATABASE PAGE_SIZE   (prints nothing when the first page is the last)
"""
import base64
import hashlib
import sqlite3
import struct
import sys

database, page_size = sys.argv[1], int(sys.argv[2])
connection = sqlite3.connect(f"file:{database}?mode=ro", uri=True)
total = connection.execute("SELECT COUNT(*) FROM users").fetchone()[0]
if total <= page_size:
    sys.exit(0)
created_at, user_id = connection.execute(
    "SELECT created_at, id FROM users ORDER BY created_at, id LIMIT 1 OFFSET ?", (total - page_size - 1,)).fetchone()
payload = bytes([1]) + struct.pack(">q", created_at) + bytes.fromhex(user_id)
cursor = payload + hashlib.sha256(payload).digest()[:4]
print(base64.urlsafe_b64encode(cursor).rstrip(b"=").decode("ascii"))
