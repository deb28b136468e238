/*
 * pwcheck.c - crypt(3) hashes against the built-in common-password list.
 *
 * Owns the list (most common first, the MOBOTIX factory password "meinsm"
 * at the head), the scheme guess by prefix, the crypt_r call with a
 * constant-time compare of its result, and an LRU verdict cache of fixed
 * size (PW_CACHE_MAX) that the caller allocates.  A hash string is
 * checked before it reaches crypt: empty, longer than PW_HASH_MAX or with
 * a byte outside printable ASCII, it never matches.  Does not read any
 * configuration: the list sizes to try come from the policy via the caller.
 *
 * One struct crypt_data (32 KB with libxcrypt) is kept file-static rather
 * than on the stack: the daemon is single-threaded, so this module is not
 * reentrant and must not be called from two threads.
 */
#include <crypt.h>
#include <stdbool.h>
#include <stddef.h>
#include <string.h>

#include "check/pwcheck.h"
#include "core/cg_limits.h"
#include "core/sparse.h"

_Static_assert(PW_CACHE_MAX >= 8, "a camera has a handful of users");
_Static_assert(PW_HASH_MAX >= 128, "sha512-crypt with rounds= fits");

static struct crypt_data pw_cd;

static const char *const pw_list[] = {
	"meinsm", "admin", "123456", "password", "12345678", "1234", "qwerty",
	"mobotix", "camera", "12345", "123456789", "admin123", "root",
	"111111", "1234567", "123123", "pass", "default", "000000", "abc123",
	"password1", "1234567890", "Admin", "administrator", "888888",
	"666666", "11111111", "12345678910", "qwerty123", "1q2w3e4r",
	"iloveyou", "1qaz2wsx", "dragon", "monkey", "letmein", "654321",
	"123321", "super", "supervisor", "system", "service", "guest", "user",
	"test", "support", "changeme", "secret", "security", "welcome",
	"login", "master", "passw0rd", "Password", "P@ssw0rd", "admin1",
	"admin1234", "adminadmin", "root123", "toor", "pass123", "pass1234",
	"password123", "12341234", "112233", "121212", "123qwe", "qwe123",
	"qwerty1", "qwertyuiop", "asdfgh", "asdfghjkl", "zxcvbnm", "1q2w3e",
	"1q2w3e4r5t", "q1w2e3r4", "aaaaaa", "abcdef", "abcd1234", "a123456",
	"123456a", "sunshine", "princess", "football", "baseball", "shadow",
	"michael", "jennifer", "superman", "batman", "trustno1", "hello",
	"hello123", "freedom", "whatever", "starwars", "solo", "access",
	"mustang", "charlie", "jordan", "jordan23", "harley", "hunter",
	"hunter2", "ranger", "buster", "soccer", "hockey", "killer", "george",
	"thomas", "robert", "daniel", "andrew", "joshua", "matthew", "ashley",
	"jessica", "michelle", "nicole", "tigger", "pepper", "ginger",
	"cookie", "summer", "flower", "lovely", "loveme", "987654321",
	"987654", "7777777", "777777", "555555", "222222", "333333", "444444",
	"999999", "1111", "0000", "00000000", "987654321a", "159753",
	"147258369", "123654", "102030", "112233445566", "asd123", "zaq12wsx",
	"xxxxxx", "aa123456", "computer", "internet", "cctv", "video",
	"ipcam", "ipcamera", "webcam", "mobotix1", "mx", "mxadmin", "meinsm1",
	"mobotix123", "camera123", "cam123", "Camera", "Mobotix", "security1",
	"secure", "private", "public", "operator", "manager", "installer",
	"config", "setup", "system1", "sysadmin", "network", "router",
	"linux", "ubnt", "raspberry", "vagrant", "oracle", "cisco", "tplink",
	"hikvision", "dahua", "axis", "pass1", "password12", "passwort",
	"passwort1", "geheim", "hallo", "hallo123", "schatz", "fussball",
	"sommer", "master123", "abc", "abcd", "abcdefg", "test123",
	"test1234", "testtest", "guest123", "user123", "demo", "temp",
	"temp123", "letmein1", "welcome1", "welcome123", "changeme1",
	"qazwsx", "1qazxsw2", "zxcvbn", "asdf", "asdf1234", "qwer1234",
	"1234qwer", "q1w2e3r4t5", "!@#$%^&*", "123abc", "princess1",
	"monkey1", "dragon1", "michael1", "charlie1", "baseball1",
	"football1", "iloveyou1", "sunshine1", "admin12", "admin@123",
	"Admin123", "Admin@123", "root1234",
};

_Static_assert(sizeof(pw_list) / sizeof(pw_list[0]) >= 200,
    "at least 200 common passwords");

static const char pw_des_chars[] =
    "./0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

/* Non-empty, bounded, printable ASCII without space: may go to crypt. */
static bool
pw_hash_valid(const char *hash, size_t len)
{
	size_t i;

	if (hash == NULL || len == 0 || len > PW_HASH_MAX)
		return false;
	for (i = 0; i < len; i++) {
		unsigned char c = (unsigned char)hash[i];

		if (c < 0x21 || c > 0x7e)
			return false;
	}
	return true;
}

static bool
pw_has_prefix(const char *hash, size_t len, const char *prefix)
{
	size_t n = strlen(prefix);

	return len >= n && memcmp(hash, prefix, n) == 0;
}

static bool
pw_is_des(const char *hash, size_t len)
{
	size_t i;

	if (len != 13)
		return false;
	for (i = 0; i < len; i++)
		if (memchr(pw_des_chars, hash[i], sizeof(pw_des_chars) - 1)
		    == NULL)
			return false;
	return true;
}

enum pw_scheme
pw_scheme_of(const char *hash, size_t len)
{
	if (!pw_hash_valid(hash, len))
		return PW_UNKNOWN;
	if (pw_has_prefix(hash, len, "$1$"))
		return PW_MD5;
	if (pw_has_prefix(hash, len, "$5$"))
		return PW_SHA256;
	if (pw_has_prefix(hash, len, "$6$"))
		return PW_SHA512;
	if (pw_has_prefix(hash, len, "$2a$") ||
	    pw_has_prefix(hash, len, "$2b$") ||
	    pw_has_prefix(hash, len, "$2y$"))
		return PW_BCRYPT;
	if (pw_has_prefix(hash, len, "$y$"))
		return PW_YESCRYPT;
	if (pw_is_des(hash, len))
		return PW_DES;
	return PW_UNKNOWN;
}

const char *
pw_scheme_name(enum pw_scheme s)
{
	switch (s) {
	case PW_DES:		return "des";
	case PW_MD5:		return "md5";
	case PW_SHA256:		return "sha256";
	case PW_SHA512:		return "sha512";
	case PW_BCRYPT:		return "bcrypt";
	case PW_YESCRYPT:	return "yescrypt";
	case PW_UNKNOWN:	break;
	}
	return "unknown";
}

bool
pw_scheme_is_slow(enum pw_scheme s)
{
	return s == PW_SHA256 || s == PW_SHA512 || s == PW_BCRYPT ||
	    s == PW_YESCRYPT;
}

/* Equal lengths and bytes; time depends on the lengths only. */
static bool
pw_equal_ct(const char *a, size_t alen, const char *b, size_t blen)
{
	volatile unsigned char diff = 0;
	size_t i;

	if (alen != blen)
		return false;
	for (i = 0; i < alen; i++)
		diff |= (unsigned char)a[i] ^ (unsigned char)b[i];
	return diff == 0;
}

bool
pw_matches(const char *hash, size_t len, const char *password)
{
	char setting[PW_HASH_MAX + 1];
	const char *out;

	if (password == NULL || !pw_hash_valid(hash, len))
		return false;
	memcpy(setting, hash, len);
	setting[len] = '\0';
	out = crypt_r(password, setting, &pw_cd);
	if (out == NULL || out[0] == '*')
		return false;
	return pw_equal_ct(out, strnlen(out, PW_HASH_MAX + 1), hash, len);
}

const char *const *
pw_common_list(size_t *n)
{
	if (n != NULL)
		*n = sizeof(pw_list) / sizeof(pw_list[0]);
	return pw_list;
}

/*
 * The cost a hash asks for is the camera's (or an attacker's) choice:
 * "$6$rounds=999999999$" would stall a scan for hours.  Above the caps the
 * hash is not tried at all.
 */
static bool
pw_cost_ok(const char *hash, size_t len, enum pw_scheme s)
{
	unsigned long v = 0;
	size_t i;

	if ((s == PW_SHA256 || s == PW_SHA512) &&
	    pw_has_prefix(hash, len, s == PW_SHA256 ? "$5$rounds=" :
	    "$6$rounds=")) {
		for (i = 10; i < len && hash[i] >= '0' && hash[i] <= '9' &&
		    v <= PW_SHA_ROUNDS_MAX; i++)
			v = v * 10 + (unsigned long)(hash[i] - '0');
		return v <= PW_SHA_ROUNDS_MAX;
	}
	if (s == PW_BCRYPT && len > 6 && hash[4] >= '0' && hash[4] <= '9' &&
	    hash[5] >= '0' && hash[5] <= '9')
		return (unsigned long)((hash[4] - '0') * 10 + hash[5] - '0') <=
		    PW_BCRYPT_COST_MAX;
	return true;
}

int
pw_find_weak(const char *hash, size_t len, size_t full_n, size_t slow_n,
    const char **matched)
{
	enum pw_scheme s = pw_scheme_of(hash, len);
	size_t n = pw_scheme_is_slow(s) ? slow_n : full_n;
	size_t list_n, i;

	if (matched != NULL)
		*matched = NULL;
	if (s == PW_UNKNOWN || !pw_cost_ok(hash, len, s))
		return -1;
	pw_common_list(&list_n);
	if (n > list_n)
		n = list_n;
	for (i = 0; i < n; i++) {
		if (!pw_matches(hash, len, pw_list[i]))
			continue;
		if (matched != NULL)
			*matched = pw_list[i];
		return 1;
	}
	return 0;
}

void
pw_cache_init(struct pw_cache *c)
{
	/* the daemon holds one for good: its empty entries stay unwritten */
	sparse_zero(c, sizeof(*c));
}

static struct pw_cache_entry *
pw_cache_lookup(struct pw_cache *c, const char *hash, size_t len,
    size_t full_n, size_t slow_n)
{
	size_t i;

	for (i = 0; i < PW_CACHE_MAX; i++) {
		struct pw_cache_entry *e = &c->e[i];

		if (e->len == len && e->full_n == full_n &&
		    e->slow_n == slow_n && memcmp(e->hash, hash, len) == 0)
			return e;
	}
	return NULL;
}

/* A free slot, else the least recently used one. */
static struct pw_cache_entry *
pw_cache_victim(struct pw_cache *c)
{
	struct pw_cache_entry *v = &c->e[0];
	size_t i;

	for (i = 0; i < PW_CACHE_MAX; i++) {
		if (c->e[i].len == 0)
			return &c->e[i];
		if (c->e[i].used < v->used)
			v = &c->e[i];
	}
	return v;
}

static void
pw_cache_store(struct pw_cache *c, const char *hash, size_t len,
    size_t full_n, size_t slow_n, int verdict, const char *matched)
{
	struct pw_cache_entry *e = pw_cache_victim(c);

	memcpy(e->hash, hash, len);
	e->hash[len] = '\0';
	e->len = len;
	e->full_n = full_n;
	e->slow_n = slow_n;
	e->verdict = verdict;
	e->matched = matched;
	e->used = ++c->tick;
}

int
pw_cache_find_weak(struct pw_cache *c, const char *hash, size_t len,
    size_t full_n, size_t slow_n, const char **matched)
{
	struct pw_cache_entry *e = NULL;
	const char *m;
	int rc;

	if (pw_hash_valid(hash, len))
		e = pw_cache_lookup(c, hash, len, full_n, slow_n);
	if (e != NULL) {
		c->hits++;
		e->used = ++c->tick;
		if (matched != NULL)
			*matched = e->matched;
		return e->verdict;
	}
	c->misses++;
	rc = pw_find_weak(hash, len, full_n, slow_n, &m);
	if (rc >= 0)
		pw_cache_store(c, hash, len, full_n, slow_n, rc, m);
	if (matched != NULL)
		*matched = m;
	return rc;
}
