"""Schemathesis hooks for `scripts/fuzz.py`: requests that name real records (ids of
FUZZ_IDS put where the schema has an id), and a count of the requests sent."""

import json
import os
import random

import schemathesis

IDS = json.loads(os.environ.get("FUZZ_IDS", "{}"))
COUNTER = os.environ.get("FUZZ_COUNTER")
RNG = random.Random(20261204)
SENT = 0

# Which pool an id-like field draws from, by its name.
POOLS = {
    "audience_id": "audience", "audience": "audience",
    "affaire_id": "affaire", "affaire": "affaire",
    "prevenu_id": "prevenu", "prevenu": "prevenu",
    "infraction_id": "infraction",
    "pourvoi_id": "pourvoi", "pourvoi": "pourvoi",
}
ANY = ["audience", "affaire", "pourvoi", "prevenu"]


def real(key):
    pool = IDS.get(POOLS.get(key) or RNG.choice(ANY)) or []
    return RNG.choice(pool) if pool else None


def forge(value):
    """Replaces, most of the time, the strings of id fields with real ids."""
    if isinstance(value, dict):
        out = {}
        for k, v in value.items():
            if isinstance(v, str) and (k == "id" or k.endswith("_id") or k in POOLS) and RNG.random() < 0.8:
                out[k] = real(k) or v
            elif isinstance(v, int) and k in ("rapporteur", "avocat_general", "user_id") and IDS.get("user"):
                out[k] = RNG.choice(IDS["user"])
            else:
                out[k] = forge(v)
        return out
    if isinstance(value, list):
        return [forge(v) for v in value]
    return value


@schemathesis.hook
def map_body(ctx, body):
    return forge(body) if IDS else body


@schemathesis.hook
def map_path_parameters(ctx, params):
    if IDS and params and "id" in params and RNG.random() < 0.8:
        params["id"] = real("pourvoi") or params["id"]
    return params


@schemathesis.hook
def map_query(ctx, query):
    if IDS and query:
        for k in ("id", "pourvoi", "prevenu"):
            if k in query and RNG.random() < 0.8:
                query[k] = real(k) or query[k]
    return query


@schemathesis.hook
def after_call(ctx, case, response):
    global SENT
    SENT += 1
    if COUNTER:
        with open(COUNTER, "w") as f:
            f.write(str(SENT))
