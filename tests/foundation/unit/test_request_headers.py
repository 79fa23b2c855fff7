"""A request's headers are decoded once and shared by the middlewares that read them."""

from __future__ import annotations

from shared.http.headers import request_headers


def test_names_are_lower_case_and_values_latin_1():
    scope = {"type": "http", "headers": [(b"Authorization", b"Bearer abc"), (b"x-naam", "Café".encode("latin-1"))]}
    assert request_headers(scope) == {"authorization": "Bearer abc", "x-naam": "Café"}


def test_decoded_once_per_request():
    scope = {"type": "http", "headers": [(b"idempotency-key", b"k1")]}
    first = request_headers(scope)
    assert request_headers(scope) is first


def test_replaced_headers_are_decoded_again():
    scope = {"type": "http", "headers": [(b"idempotency-key", b"k1")]}
    request_headers(scope)
    scope["headers"] = [(b"idempotency-key", b"k2")]
    assert request_headers(scope) == {"idempotency-key": "k2"}


def test_a_scope_without_headers_has_none():
    assert request_headers({"type": "http"}) == {}
