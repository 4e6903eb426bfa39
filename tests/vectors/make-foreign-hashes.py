"""Password hashes made by the real tools, for Ludmin's foreign-hash tests (issue 21).

Usage: /usr/bin/python3 tests/vectors/make-foreign-hashes.py [OUTPUT]
Writes JSON (to OUTPUT, or to standard output): {"generator", "python", "vectors": [...]}. Each vector
holds the hash, the password it was made from, the passwords the tool's own checker accepts
besides it ("accepted", e.g. bcrypt's 72-byte cut) and some it refuses ("refused"), and what
Ludmin is expected to make of the string ("expect": verifies, hash_too_costly, hash_unsupported).
Salts are random, so every run writes new hashes; the committed file is one run's output
(tests/vectors/foreign-hashes.json). Needs Debian's python3-bcrypt, python3-argon2,
python3-passlib and python3-django (.ci/install installs them).
"""
import json
import os
import sys

import argon2
import bcrypt
import django
import passlib
from argon2 import low_level
from django.conf import settings
from passlib import hash as passlib_hash

settings.configure()
from django.contrib.auth import hashers as django_hashers  # noqa: E402 (needs the settings)

PASSWORD = "correct horse battery staple"
WRONG = "correct horse battery stapler"
NON_ASCII = "pässwörd-日本語-€"

vectors = []


def add(format_name, tool, password, hashed, check, accepted=(), refused=(WRONG,), expect="verifies"):
    """Records a vector once the tool's own checker agrees with every claim made about it."""
    if isinstance(hashed, bytes):
        hashed = hashed.decode("ascii")
    if expect == "verifies":
        assert check(password, hashed), (format_name, password)
        for other in accepted:
            assert check(other, hashed), (format_name, other)
        for other in refused:
            assert not check(other, hashed), (format_name, other)
    vectors.append({
        "format": format_name, "tool": tool, "password": password, "hash": hashed,
        "accepted": list(accepted), "refused": list(refused) if expect == "verifies" else [], "expect": expect,
    })


def bcrypt_check(password, hashed):
    return bcrypt.checkpw(password.encode("utf-8"), hashed.encode("ascii"))


def bcrypt_vectors():
    tool = f"bcrypt {bcrypt.__version__}"
    add("bcrypt", tool + " (default cost)", PASSWORD, bcrypt.hashpw(PASSWORD.encode(), bcrypt.gensalt()), bcrypt_check)
    add("bcrypt", tool, NON_ASCII, bcrypt.hashpw(NON_ASCII.encode(), bcrypt.gensalt(10, prefix=b"2a")), bcrypt_check)
    # PHP's $2y$ (crypt_blowfish), as passlib writes it for PHP: the same algorithm as $2b$.
    add("bcrypt", f"passlib {passlib.__version__} bcrypt ident 2y", PASSWORD,
        passlib_hash.bcrypt.using(ident="2y", rounds=10).hash(PASSWORD), bcrypt_check)
    # The original reads the first 72 bytes of the password and ignores the rest.
    long_password = "a" * 100
    add("bcrypt", tool + " (100-byte password)", long_password,
        bcrypt.hashpw(long_password.encode(), bcrypt.gensalt(4)), bcrypt_check,
        accepted=["a" * 72, "a" * 72 + "b"], refused=["a" * 71, WRONG])
    # The cut falls inside a character: 71 ASCII bytes, then é (C3 A9); è (C3 A8) shares its first byte.
    cut = "a" * 71 + "é" + "xyz"
    add("bcrypt", tool + " (cut inside a UTF-8 character)", cut,
        bcrypt.hashpw(cut.encode(), bcrypt.gensalt(4)), bcrypt_check,
        accepted=["a" * 71 + "è"], refused=["a" * 71, WRONG])


def argon2_check(password, hashed):
    try:
        return argon2.PasswordHasher().verify(hashed, password)
    except argon2.exceptions.VerificationError:
        return False


def argon2_raw(password, type_, memory, time, lanes, salt_length=16, hash_length=32, version=19):
    salt = os.urandom(salt_length)
    return low_level.hash_secret(password.encode(), salt, time_cost=time, memory_cost=memory,
                                 parallelism=lanes, hash_len=hash_length, type=type_, version=version)


def argon2_vectors():
    tool = f"argon2-cffi {argon2.__version__}"
    # RFC 9106's second recommendation, later argon2-cffi's default: four lanes, so Konscious verifies it.
    add("argon2id", tool + " (RFC 9106 low-memory)", PASSWORD,
        argon2.PasswordHasher(time_cost=3, memory_cost=65536, parallelism=4).hash(PASSWORD), argon2_check)
    # OWASP's first recommendation, one lane, 16-byte salt: the one libsodium verifies.
    add("argon2id", tool + " (m=19456,t=2,p=1)", NON_ASCII,
        argon2.PasswordHasher(time_cost=2, memory_cost=19456, parallelism=1).hash(NON_ASCII), argon2_check)
    add("argon2id", tool + " (8-byte salt, 64-byte hash)", PASSWORD,
        argon2_raw(PASSWORD, low_level.Type.ID, 4096, 2, 1, salt_length=8, hash_length=64), argon2_check)
    add("argon2i", tool, PASSWORD, argon2_raw(PASSWORD, low_level.Type.I, 4096, 3, 1), argon2_check)
    add("argon2i", tool + " (2 lanes)", NON_ASCII, argon2_raw(NON_ASCII, low_level.Type.I, 8192, 2, 2), argon2_check)
    add("argon2d", tool, PASSWORD, argon2_raw(PASSWORD, low_level.Type.D, 4096, 3, 2), argon2_check)
    # argon2-cffi 21.1's own default (100 MiB, 8 lanes) is above the default 64 MiB ceiling.
    add("argon2id", tool + " (its default)", PASSWORD, argon2.PasswordHasher().hash(PASSWORD), argon2_check,
        expect="hash_too_costly")
    # Argon2 version 1.0 (v=16): no maintained .NET implementation computes it.
    add("argon2d", tool + " (version 1.0)", PASSWORD,
        argon2_raw(PASSWORD, low_level.Type.D, 1024, 2, 1, version=16), argon2_check, expect="hash_unsupported")


def passlib_vectors():
    tool = f"passlib {passlib.__version__}"
    for name, handler in (("pbkdf2-sha1", passlib_hash.pbkdf2_sha1), ("pbkdf2-sha256", passlib_hash.pbkdf2_sha256),
                          ("pbkdf2-sha512", passlib_hash.pbkdf2_sha512)):
        add("passlib-" + name, tool + " (default rounds)", PASSWORD, handler.hash(PASSWORD), handler.verify)
        add("passlib-" + name, tool + " (1000 rounds)", NON_ASCII, handler.using(rounds=1000).hash(NON_ASCII), handler.verify)
    scrypt = passlib_hash.scrypt
    add("passlib-scrypt", tool + " (default: ln=16,r=8,p=1)", PASSWORD, scrypt.hash(PASSWORD), scrypt.verify)
    add("passlib-scrypt", tool + " (ln=10,r=8,p=2)", NON_ASCII,
        scrypt.using(rounds=10, block_size=8, parallelism=2).hash(NON_ASCII), scrypt.verify)
    add("passlib-scrypt", tool + " (ln=14,r=16,p=1, 24-byte salt)", PASSWORD,
        scrypt.using(rounds=14, block_size=16, salt_size=24).hash(PASSWORD), scrypt.verify)
    # 128 MiB (128 * r * 2^ln bytes): above the default 64 MiB ceiling.
    add("passlib-scrypt", tool + " (ln=17,r=8,p=1)", PASSWORD,
        scrypt.using(rounds=17).hash(PASSWORD), scrypt.verify, expect="hash_too_costly")


def django_vectors():
    tool = f"Django {django.__version__}"
    for name, hasher in (("django-pbkdf2-sha256", django_hashers.PBKDF2PasswordHasher()),
                         ("django-pbkdf2-sha1", django_hashers.PBKDF2SHA1PasswordHasher())):
        add(name, tool + " (default iterations)", PASSWORD, hasher.encode(PASSWORD, hasher.salt()), hasher.verify)
        add(name, tool + " (1000 iterations)", NON_ASCII, hasher.encode(NON_ASCII, hasher.salt(), iterations=1000),
            hasher.verify)


def main():
    bcrypt_vectors()
    argon2_vectors()
    passlib_vectors()
    django_vectors()
    document = {
        "generator": "tests/vectors/make-foreign-hashes.py",
        "python": sys.version.split()[0],
        "vectors": vectors,
    }
    text = json.dumps(document, indent=2, ensure_ascii=False) + "\n"
    if len(sys.argv) > 1:
        with open(sys.argv[1], "w", encoding="utf-8") as output:
            output.write(text)
    else:
        sys.stdout.write(text)


if __name__ == "__main__":
    main()
