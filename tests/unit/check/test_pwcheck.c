/*
 * test_pwcheck.c - password hashes: scheme detection, matching through
 * crypt_r, the common-password search within the policy's list sizes,
 * garbage hashes, the verdict cache and the list itself.  Hashes are made
 * here with crypt_r from fixed salts so every run tests the same strings.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <crypt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>

#include "check/pwcheck.h"

#define SLOW_N	20	/* the policy's size for slow schemes */

static const char factory_des[] = "Wx3P0QA1/y1bg";	/* admin/meinsm */

/* From examples/camera-hardened.cfg. */
static const char *const hardened[] = {
	"$6$CQ6QmT/XmaU7uQjh$1U/TctbZ7wqvdtJr.W5GqhJiPdHVrY2THJUi0H9.wJWSqdE"
	    "j7dxYYSGVfH86snrVtslAh.8.Xb8SZdFEhZntz0",
	"$6$58OhSIIJXYxHbjv5$6Rw7j758OTNkutoCerLIBjM/9FjukYoT8n7RJVXmCTxEBP9"
	    "3bpDujSQ8GI4D2cu7rVuGoGXlVnSYq6FPdUtnI.",
	"$5$Yw34MOBvlqgXLP7l$gRTSmYj28AJJQrJwDPzME3C8SKKCBLY2zMqrS0FSNaD",
};

static struct crypt_data cd;	/* the test's own, not the module's */
static char hashbuf[PW_HASH_MAX + 1];

/* crypt(password, setting) into hashbuf; fails the test on error. */
static const char *
make_hash(const char *password, const char *setting)
{
	const char *h = crypt_r(password, setting, &cd);

	assert_non_null(h);
	assert_true(h[0] != '*');
	assert_true(snprintf(hashbuf, sizeof(hashbuf), "%s", h) <
	    (int)sizeof(hashbuf));
	return hashbuf;
}

static size_t
list_len(void)
{
	size_t n;

	pw_common_list(&n);
	return n;
}

static const char *
list_entry(size_t i)
{
	return pw_common_list(NULL)[i];
}

static int
find(const char *hash, size_t full_n, size_t slow_n, const char **m)
{
	return pw_find_weak(hash, strlen(hash), full_n, slow_n, m);
}

static bool
libcrypt_supports(const char *setting)
{
	const char *h = crypt_r("x", setting, &cd);

	return h != NULL && h[0] != '*';
}

static void
test_factory_des_hash_matches_meinsm_only(void **state)
{
	(void)state;
	assert_true(pw_matches(factory_des, strlen(factory_des), "meinsm"));
	assert_false(pw_matches(factory_des, strlen(factory_des), "meinsm1x"));
	assert_false(pw_matches(factory_des, strlen(factory_des), "admin"));
	assert_false(pw_matches(factory_des, strlen(factory_des), ""));
	assert_false(pw_matches(factory_des, strlen(factory_des), NULL));
}

static void
test_find_weak_names_meinsm_in_the_factory_hash(void **state)
{
	const char *m = NULL;

	(void)state;
	assert_int_equal(find(factory_des, list_len(), SLOW_N, &m), 1);
	assert_string_equal(m, "meinsm");
	assert_int_equal(find(factory_des, 1, 0, &m), 1);
	assert_string_equal(m, "meinsm");
}

static void
test_des_truncation_lets_password123_match_password(void **state)
{
	const char *h = make_hash("password", "ab");
	const char *m = NULL;

	(void)state;
	assert_int_equal(pw_scheme_of(h, strlen(h)), PW_DES);
	assert_true(pw_matches(h, strlen(h), "password123"));
	assert_true(pw_matches(h, strlen(h), "password"));
	assert_false(pw_matches(h, strlen(h), "passwor"));
	assert_int_equal(find(h, list_len(), SLOW_N, &m), 1);
	assert_string_equal(m, "password");
}

static void
test_md5_hash_of_last_list_entry_is_found_by_full_list(void **state)
{
	size_t last = list_len() - 1;
	const char *h = make_hash(list_entry(last), "$1$Salt1234$");
	const char *m = NULL;

	(void)state;
	assert_int_equal(pw_scheme_of(h, strlen(h)), PW_MD5);
	assert_int_equal(find(h, list_len(), SLOW_N, &m), 1);
	assert_string_equal(m, list_entry(last));
	assert_int_equal(find(h, last, list_len(), &m), 0);
	assert_null(m);
}

/* Entry SLOW_N - 1 is found with slow_n = SLOW_N, entry SLOW_N is not. */
static void
assert_slow_scheme_respects_slow_n(const char *setting, enum pw_scheme s)
{
	const char *m = NULL;
	const char *h;

	h = make_hash(list_entry(SLOW_N - 1), setting);
	assert_int_equal(pw_scheme_of(h, strlen(h)), s);
	assert_int_equal(find(h, list_len(), SLOW_N, &m), 1);
	assert_string_equal(m, list_entry(SLOW_N - 1));

	h = make_hash(list_entry(SLOW_N), setting);
	assert_int_equal(find(h, list_len(), SLOW_N, &m), 0);
	assert_null(m);
	assert_int_equal(find(h, 0, SLOW_N + 1, &m), 1);
	assert_string_equal(m, list_entry(SLOW_N));
}

static void
test_sha512_entry_within_slow_n_is_found_and_beyond_is_not(void **state)
{
	(void)state;
	assert_slow_scheme_respects_slow_n("$6$saltsaltsalt$", PW_SHA512);
}

static void
test_sha256_entry_within_slow_n_is_found_and_beyond_is_not(void **state)
{
	(void)state;
	assert_slow_scheme_respects_slow_n("$5$saltsaltsalt$", PW_SHA256);
}

static void
test_bcrypt_entry_within_slow_n_is_found_and_beyond_is_not(void **state)
{
	static const char setting[] = "$2b$04$abcdefghijklmnopqrstuu";

	(void)state;
	if (!libcrypt_supports(setting))
		skip();
	assert_slow_scheme_respects_slow_n(setting, PW_BCRYPT);
}

static void
test_yescrypt_hash_of_meinsm_is_found(void **state)
{
	static const char setting[] = "$y$j75$abcdefghijklmnop$";
	const char *m = NULL;
	const char *h;

	(void)state;
	if (!libcrypt_supports(setting))
		skip();
	h = make_hash("meinsm", setting);
	assert_int_equal(pw_scheme_of(h, strlen(h)), PW_YESCRYPT);
	assert_int_equal(find(h, list_len(), SLOW_N, &m), 1);
	assert_string_equal(m, "meinsm");
}

/* 24 random characters of [./0-9A-Za-z]. */
static void
random_password(char *pw, size_t sz)
{
	static const char set[] = "./0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
	    "abcdefghijklmnopqrstuvwxyz";
	unsigned char r[24];
	size_t i;

	assert_true(sz > sizeof(r));
	assert_int_equal(getrandom(r, sizeof(r), 0), (ssize_t)sizeof(r));
	for (i = 0; i < sizeof(r); i++)
		pw[i] = set[r[i] % (sizeof(set) - 1)];
	pw[sizeof(r)] = '\0';
}

static void
test_strong_random_password_is_not_found_in_any_scheme(void **state)
{
	static const char *const settings[] = {
		"Qz", "$1$Rand0mSa$", "$5$randomsalt$", "$6$randomsalt$",
	};
	char pw[32];
	const char *m = NULL;
	size_t i;

	(void)state;
	random_password(pw, sizeof(pw));
	for (i = 0; i < sizeof(settings) / sizeof(settings[0]); i++) {
		const char *h = make_hash(pw, settings[i]);

		assert_true(pw_matches(h, strlen(h), pw));
		assert_int_equal(find(h, list_len(), SLOW_N, &m), 0);
		assert_null(m);
	}
}

static void
test_hardened_example_hashes_are_not_found(void **state)
{
	const char *m = NULL;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(hardened) / sizeof(hardened[0]); i++) {
		const char *h = hardened[i];

		assert_true(pw_scheme_is_slow(pw_scheme_of(h, strlen(h))));
		assert_int_equal(find(h, list_len(), SLOW_N, &m), 0);
		assert_null(m);
	}
}

static void
assert_scheme(const char *hash, enum pw_scheme s, const char *name)
{
	enum pw_scheme got = pw_scheme_of(hash, strlen(hash));

	if (got != s)
		print_error("hash %s: got %s\n", hash, pw_scheme_name(got));
	assert_int_equal(got, s);
	assert_string_equal(pw_scheme_name(got), name);
}

static void
test_scheme_is_detected_by_each_prefix(void **state)
{
	(void)state;
	assert_scheme(factory_des, PW_DES, "des");
	assert_scheme("$1$abcdefgh$0123456789012345678901", PW_MD5, "md5");
	assert_scheme(hardened[2], PW_SHA256, "sha256");
	assert_scheme(hardened[0], PW_SHA512, "sha512");
	assert_scheme("$2a$04$abcdefghijklmnopqrstuu", PW_BCRYPT, "bcrypt");
	assert_scheme("$2b$04$abcdefghijklmnopqrstuu", PW_BCRYPT, "bcrypt");
	assert_scheme("$2y$04$abcdefghijklmnopqrstuu", PW_BCRYPT, "bcrypt");
	assert_scheme("$y$j9T$abcdefghijklmnop$x", PW_YESCRYPT, "yescrypt");
	assert_scheme("$2x$04$abcdefghijklmnopqrstuu", PW_UNKNOWN, "unknown");
	assert_scheme("$7$CU..../....abc", PW_UNKNOWN, "unknown");
	assert_scheme("Wx3P0QA1/y1b", PW_UNKNOWN, "unknown");	/* 12 */
	assert_scheme("Wx3P0QA1/y1bgg", PW_UNKNOWN, "unknown");	/* 14 */
	assert_scheme("Wx3P0QA1-y1bg", PW_UNKNOWN, "unknown");
	assert_scheme("", PW_UNKNOWN, "unknown");
}

static void
test_only_expensive_schemes_are_slow(void **state)
{
	(void)state;
	assert_false(pw_scheme_is_slow(PW_DES));
	assert_false(pw_scheme_is_slow(PW_MD5));
	assert_true(pw_scheme_is_slow(PW_SHA256));
	assert_true(pw_scheme_is_slow(PW_SHA512));
	assert_true(pw_scheme_is_slow(PW_BCRYPT));
	assert_true(pw_scheme_is_slow(PW_YESCRYPT));
	assert_false(pw_scheme_is_slow(PW_UNKNOWN));
	assert_string_equal(pw_scheme_name((enum pw_scheme)99), "unknown");
}

/* hash[0..len) matches no list entry and is judged unknown. */
static void
assert_garbage(const char *hash, size_t len)
{
	const char *m = "untouched";
	size_t i;

	assert_int_equal(pw_scheme_of(hash, len), PW_UNKNOWN);
	assert_int_equal(pw_find_weak(hash, len, list_len(), list_len(), &m),
	    -1);
	assert_null(m);
	for (i = 0; i < 5; i++)
		assert_false(pw_matches(hash, len, list_entry(i)));
	assert_false(pw_matches(hash, len, ""));
}

static void
test_garbage_hashes_never_match_and_never_crash(void **state)
{
	static const char binary[] = "Wx3P0QA1/y1b\x80";
	static const char nul_inside[] = "Wx3P0Q\0A1/y1b";
	static const char ctrl[] = "$1$abc\n$def";
	char *big = malloc(10 * 1024);
	char over[PW_HASH_MAX + 2];
	unsigned char bytes[64];
	size_t i;

	(void)state;
	assert_non_null(big);
	memset(big, 'A', 10 * 1024);
	memcpy(big, "$6$", 3);
	assert_garbage(big, 10 * 1024);
	free(big);
	memset(over, 'a', sizeof(over));
	memcpy(over, "$6$abcdefgh$", 12);
	assert_garbage(over, PW_HASH_MAX + 1);
	assert_garbage(binary, sizeof(binary) - 1);
	assert_garbage(nul_inside, sizeof(nul_inside) - 1);
	assert_garbage(ctrl, sizeof(ctrl) - 1);
	assert_garbage("", 0);
	assert_garbage(NULL, 0);
	assert_garbage("*", 1);
	assert_garbage("!", 1);
	assert_garbage("!!", 2);
	assert_garbage("*LK*", 4);
	for (i = 0; i < sizeof(bytes); i++)
		bytes[i] = (unsigned char)(i * 37 + 200);
	assert_garbage((const char *)bytes, sizeof(bytes));
}

static void
test_malformed_hashes_of_known_schemes_match_nothing(void **state)
{
	static const char *const bad[] = {
		"$1$", "$5$", "$6$", "$y$", "$2b$", "$6$rounds=5000$",
		"$2b$99$abcdefghijklmnopqrstuu", "$1$abcdefgh$tooshort",
		"$6$saltsaltsalt$", "!Wx3P0QA1/y1bg",
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		const char *m = "untouched";

		assert_true(find(bad[i], list_len(), SLOW_N, &m) <= 0);
		assert_null(m);
		assert_false(pw_matches(bad[i], strlen(bad[i]), "meinsm"));
	}
}

static void
test_hash_at_exactly_the_length_limit_is_tried(void **state)
{
	char h[PW_HASH_MAX + 1];

	(void)state;
	memset(h, 'a', PW_HASH_MAX);
	memcpy(h, "$1$abcdefgh$", 12);
	h[PW_HASH_MAX] = '\0';
	assert_int_equal(pw_scheme_of(h, PW_HASH_MAX), PW_MD5);
	assert_int_equal(find(h, list_len(), SLOW_N, NULL), 0);
}

static void
test_cache_second_call_is_a_hit_with_the_same_verdict(void **state)
{
	struct pw_cache *c = malloc(sizeof(*c));
	const char *m1 = NULL, *m2 = NULL;
	size_t n = list_len();

	(void)state;
	assert_non_null(c);
	pw_cache_init(c);
	assert_int_equal(pw_cache_find_weak(c, factory_des,
	    strlen(factory_des), n, SLOW_N, &m1), 1);
	assert_int_equal(c->misses, 1);
	assert_int_equal(c->hits, 0);
	assert_int_equal(pw_cache_find_weak(c, factory_des,
	    strlen(factory_des), n, SLOW_N, &m2), 1);
	assert_int_equal(c->hits, 1);
	assert_ptr_equal(m1, m2);
	assert_string_equal(m2, "meinsm");

	assert_int_equal(pw_cache_find_weak(c, hardened[2],
	    strlen(hardened[2]), n, SLOW_N, &m1), 0);
	assert_int_equal(pw_cache_find_weak(c, hardened[2],
	    strlen(hardened[2]), n, SLOW_N, &m1), 0);
	assert_null(m1);
	assert_int_equal(c->hits, 2);
	assert_int_equal(c->misses, 2);
	free(c);
}

static void
test_cache_keys_on_the_list_sizes_too(void **state)
{
	struct pw_cache *c = malloc(sizeof(*c));
	const char *m = NULL;
	const char *h;

	(void)state;
	assert_non_null(c);
	pw_cache_init(c);
	h = make_hash(list_entry(SLOW_N), "$6$saltsaltsalt$");
	assert_int_equal(pw_cache_find_weak(c, h, strlen(h), 0, SLOW_N, &m),
	    0);
	assert_int_equal(pw_cache_find_weak(c, h, strlen(h), 0, SLOW_N + 1,
	    &m), 1);
	assert_string_equal(m, list_entry(SLOW_N));
	assert_int_equal(c->misses, 2);
	assert_int_equal(c->hits, 0);
	free(c);
}

static void
test_cache_does_not_store_unknown_hashes(void **state)
{
	struct pw_cache *c = malloc(sizeof(*c));
	const char *m = "untouched";

	(void)state;
	assert_non_null(c);
	pw_cache_init(c);
	assert_int_equal(pw_cache_find_weak(c, "*", 1, 10, 10, &m), -1);
	assert_null(m);
	assert_int_equal(pw_cache_find_weak(c, "*", 1, 10, 10, &m), -1);
	assert_int_equal(c->hits, 0);
	assert_int_equal(c->misses, 2);
	free(c);
}

/* A distinct DES hash per i (salt varies), of a password not in the list. */
static void
des_of(size_t i, char *out, size_t sz)
{
	static const char set[] = "./0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
	    "abcdefghijklmnopqrstuvwxyz";
	char salt[3] = { set[i % 64], set[(i / 64) % 64], '\0' };
	const char *h = crypt_r("Zq9!xLw2", salt, &cd);

	assert_non_null(h);
	assert_true(snprintf(out, sz, "%s", h) < (int)sz);
}

static int
cached_lookup(struct pw_cache *c, size_t i)
{
	char h[16];

	des_of(i, h, sizeof(h));
	return pw_cache_find_weak(c, h, strlen(h), 5, 1, NULL);
}

static void
test_cache_evicts_the_least_recently_used_entry_when_full(void **state)
{
	struct pw_cache *c = malloc(sizeof(*c));
	size_t i;

	(void)state;
	assert_non_null(c);
	pw_cache_init(c);
	for (i = 0; i < PW_CACHE_MAX; i++)
		assert_int_equal(cached_lookup(c, i), 0);
	assert_int_equal(c->misses, PW_CACHE_MAX);
	assert_int_equal(cached_lookup(c, 0), 0);	/* 0 is now newest */
	assert_int_equal(c->hits, 1);
	/* 1 is now the least recently used: the next new hash evicts it. */
	assert_int_equal(cached_lookup(c, PW_CACHE_MAX), 0);
	assert_int_equal(c->misses, PW_CACHE_MAX + 1);
	assert_int_equal(cached_lookup(c, 0), 0);
	assert_int_equal(cached_lookup(c, 2), 0);
	assert_int_equal(cached_lookup(c, PW_CACHE_MAX), 0);
	assert_int_equal(c->hits, 4);
	assert_int_equal(cached_lookup(c, 1), 0);	/* was evicted */
	assert_int_equal(c->misses, PW_CACHE_MAX + 2);
	free(c);
}

#define PRINTABLE " !\"#$%&'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNO" \
	"PQRSTUVWXYZ[\\]^_`abcdefghijklmnopqrstuvwxyz{|}~"

static int
cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static void
test_list_has_200_unique_entries_meinsm_first(void **state)
{
	size_t n, i;
	const char *const *l = pw_common_list(&n);
	const char **sorted;

	(void)state;
	assert_true(n >= 200);
	assert_string_equal(l[0], "meinsm");
	assert_string_equal(l[1], "admin");
	sorted = malloc(n * sizeof(*sorted));
	assert_non_null(sorted);
	memcpy(sorted, l, n * sizeof(*sorted));
	qsort(sorted, n, sizeof(*sorted), cmp_str);
	for (i = 0; i < n; i++) {
		assert_true(strlen(sorted[i]) > 0);
		assert_true(strspn(sorted[i], PRINTABLE) == strlen(sorted[i]));
		if (i > 0 && strcmp(sorted[i - 1], sorted[i]) == 0)
			fail_msg("duplicate entry \"%s\"", sorted[i]);
	}
	free(sorted);
}

static void
test_hashes_asking_for_more_than_the_cost_caps_are_not_tried(void **state)
{
	/* a real SHA-512 hash of "meinsm" with rounds=1000, then the same
	 * string claiming a cost far above the cap: it must not be tried */
	struct crypt_data data;
	const char *low, *matched = "x";
	char high[PW_HASH_MAX + 1];

	(void)state;
	memset(&data, 0, sizeof(data));
	low = crypt_r("meinsm", "$6$rounds=1000$abcdefgh", &data);
	assert_non_null(low);
	assert_int_equal(pw_find_weak(low, strlen(low), 1, 1, &matched), 1);
	snprintf(high, sizeof(high), "$6$rounds=999999999$%s", low + 20);
	assert_int_equal(pw_find_weak(high, strlen(high), 1, 1, &matched), -1);
	assert_null(matched);
	snprintf(high, sizeof(high), "$2b$31$%s", "abcdefghijklmnopqrstuu"
	    "abcdefghijklmnopqrstuvwxyz01234");
	assert_int_equal(pw_find_weak(high, strlen(high), 1, 1, &matched), -1);
}

#define T(name) cmocka_unit_test(name)

int
main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_factory_des_hash_matches_meinsm_only),
		T(test_find_weak_names_meinsm_in_the_factory_hash),
		T(test_des_truncation_lets_password123_match_password),
		T(test_md5_hash_of_last_list_entry_is_found_by_full_list),
		T(test_sha512_entry_within_slow_n_is_found_and_beyond_is_not),
		T(test_sha256_entry_within_slow_n_is_found_and_beyond_is_not),
		T(test_bcrypt_entry_within_slow_n_is_found_and_beyond_is_not),
		T(test_yescrypt_hash_of_meinsm_is_found),
		T(test_strong_random_password_is_not_found_in_any_scheme),
		T(test_hardened_example_hashes_are_not_found),
		T(test_scheme_is_detected_by_each_prefix),
		T(test_only_expensive_schemes_are_slow),
		T(test_garbage_hashes_never_match_and_never_crash),
		T(test_malformed_hashes_of_known_schemes_match_nothing),
		T(test_hash_at_exactly_the_length_limit_is_tried),
		T(test_cache_second_call_is_a_hit_with_the_same_verdict),
		T(test_cache_keys_on_the_list_sizes_too),
		T(test_cache_does_not_store_unknown_hashes),
		T(test_cache_evicts_the_least_recently_used_entry_when_full),
		T(test_list_has_200_unique_entries_meinsm_first),
		T(test_hashes_asking_for_more_than_the_cost_caps_are_not_tried),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
