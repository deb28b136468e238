/*
 * pwcheck.h - crypt(3) password hashes: scheme, match, weak-password search.
 *
 * Owns the built-in list of common passwords (the MOBOTIX factory password
 * "meinsm" first), the test of one password against one hash through
 * libcrypt's crypt_r, the search of the list against a hash, and a small
 * fixed-size verdict cache so the daemon does not redo that search every
 * scan.  Does not know where hashes come from (camcfg) nor what a verdict
 * means for a check (the evaluators).  Not thread-safe: the module keeps
 * one struct crypt_data, and the daemon is single-threaded.
 */
#ifndef CAMGUARD_PWCHECK_H
#define CAMGUARD_PWCHECK_H

#include <stdbool.h>
#include <stddef.h>

#include "core/cg_limits.h"

/* A longer hash is no hash: it never matches and is never given to crypt. */

enum pw_scheme {
	PW_DES,		/* 13 chars of [./0-9A-Za-z]; truncates at 8 */
	PW_MD5,		/* $1$ */
	PW_SHA256,	/* $5$ */
	PW_SHA512,	/* $6$ */
	PW_BCRYPT,	/* $2a$ $2b$ $2y$ */
	PW_YESCRYPT,	/* $y$ */
	PW_UNKNOWN,	/* anything else, or not a valid hash string */
};

/*
 * The scheme of hash[0..len) by its prefix.  PW_UNKNOWN too when the hash
 * is empty, longer than PW_HASH_MAX or has a byte outside printable ASCII
 * (0x21..0x7e): such a hash cannot be judged.
 */
enum pw_scheme	pw_scheme_of(const char *hash, size_t len);
/* "des", "md5", "sha256", "sha512", "bcrypt", "yescrypt", "unknown". */
const char	*pw_scheme_name(enum pw_scheme);
/* Deliberately costly schemes (sha256, sha512, bcrypt, yescrypt). */
bool		 pw_scheme_is_slow(enum pw_scheme);

/*
 * Whether crypt(password, hash) == hash, compared in constant time.  A
 * crypt failure, a NULL password and an invalid hash (see pw_scheme_of,
 * though an unknown but well-formed prefix is still tried) never match.
 */
bool	pw_matches(const char *hash, size_t len, const char *password);

/* The common-password list, most common first; *n gets its length. */
const char *const *pw_common_list(size_t *n);

/*
 * Try the first full_n list entries against a fast hash (DES, MD5-crypt)
 * or the first slow_n against a slow one; both are capped at the list
 * length.  Returns 1 and sets *matched (if not NULL) to the list entry
 * that matched, 0 when none did, -1 for a hash of unknown scheme; *matched
 * is NULL unless 1 is returned.
 */
int	pw_find_weak(const char *hash, size_t len, size_t full_n,
	    size_t slow_n, const char **matched);

struct pw_cache_entry {
	char		 hash[PW_HASH_MAX + 1];
	size_t		 len;		/* 0 = free slot */
	size_t		 full_n;
	size_t		 slow_n;
	const char	*matched;	/* list entry, or NULL */
	int		 verdict;	/* 0 or 1 */
	unsigned long	 used;		/* tick of last use (LRU) */
};

struct pw_cache {
	struct pw_cache_entry	e[PW_CACHE_MAX];
	unsigned long		tick;
	unsigned long		hits;
	unsigned long		misses;
};

void	pw_cache_init(struct pw_cache *);
/*
 * pw_find_weak() through the cache, keyed by the exact hash string and
 * the two list sizes; the least recently used entry is evicted when the
 * cache is full.  Unknown-scheme hashes (-1) are answered but not stored.
 */
int	pw_cache_find_weak(struct pw_cache *, const char *hash, size_t len,
	    size_t full_n, size_t slow_n, const char **matched);

#endif
