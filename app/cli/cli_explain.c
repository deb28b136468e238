/*
 * cli_explain.c - `camguard explain ID`: what a check is about, what it
 * reads, how its result is reached and how to fix it, in the report's
 * language; `camguard explain --words`: the keys of the report words a
 * policy's language may translate.
 *
 * Everything shown comes from the policy (texts, keys, "decides") and
 * the catalogue (whether the check has a live probe); nothing is judged.
 */
#include <ctype.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check/check.h"
#include "check/policy.h"
#include "check/policy_lang.h"
#include "cli/cli.h"
#include "core/conf.h"
#include "core/exitcode.h"
#include "report/report.h"

#define EXPLAIN_WIDTH	78	/* columns a paragraph is wrapped at */
#define EXPLAIN_INDENT	19	/* where the texts start */

static const char usage[] =
"usage: camguard explain ID [--lang LANG] [-c FILE] [--policy FILE]\n"
"       camguard explain --words\n"
"\n"
"Explain a check: title, severity, guide reference, why it matters, the\n"
"camera configuration keys and live probe it reads, how its result is\n"
"decided and how to fix it.  --words lists the report words a policy's\n"
"language translates (key and English text).\n"
"\n"
"  --lang LANG            en (default: report.lang) or a language of the\n"
"                         policy (fr)\n"
"  -c, --config FILE      camguard.json (report.lang, checks.policy_file)\n"
"  --policy FILE          another policy file (default: built-in)\n";

struct explain_opts {
	const char	*conf_path;
	bool		 conf_given;
	const char	*policy;
	const char	*lang;
	bool		 words;
	const char	*id;
};

static int
parse_args(int argc, char **argv, struct explain_opts *o)
{
	enum { O_LANG = 256, O_POLICY, O_WORDS };
	static const struct option opts[] = {
		{ "config", required_argument, NULL, 'c' },
		{ "lang", required_argument, NULL, O_LANG },
		{ "policy", required_argument, NULL, O_POLICY },
		{ "words", no_argument, NULL, O_WORDS },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	int ch;

	optind = 1;
	while ((ch = getopt_long(argc, argv, "c:h", opts, NULL)) != -1) {
		switch (ch) {
		case 'c':
			o->conf_path = optarg;
			o->conf_given = true;
			break;
		case O_LANG:
			o->lang = optarg;
			break;
		case O_POLICY:
			o->policy = optarg;
			break;
		case O_WORDS:
			o->words = true;
			break;
		case 'h':
			fputs(usage, stdout);
			return EXIT_OK;
		default:
			goto usage;
		}
	}
	if (o->words && optind == argc)
		return -1;
	if (!o->words && optind + 1 == argc) {
		o->id = argv[optind];
		return -1;
	}
usage:
	fputs(usage, stderr);
	return EXIT_USAGE;
}

/* The number of characters (not bytes) of s[0..n). */
static size_t
chars(const char *s, size_t n)
{
	size_t i, k = 0;

	for (i = 0; i < n; i++)
		k += ((unsigned char)s[i] & 0xc0) != 0x80;
	return k;
}

/* "Label" padded to the indent, then text wrapped with a hanging indent. */
static void
put_para(const char *label, const char *text)
{
	size_t col, w;
	const char *p = text, *sp;

	report_put_text(stdout, label, strlen(label), 0, REPORT_ESC_TERM);
	col = chars(label, strlen(label));
	if (col >= EXPLAIN_INDENT - 1) {	/* a long label: its own line */
		putchar('\n');
		col = 0;
	}
	for (; col < EXPLAIN_INDENT; col++)
		putchar(' ');
	while (*p) {
		sp = p + strcspn(p, " ");
		w = chars(p, (size_t)(sp - p));
		if (col > EXPLAIN_INDENT && col + 1 + w > EXPLAIN_WIDTH) {
			printf("\n%*s", EXPLAIN_INDENT, "");
			col = EXPLAIN_INDENT;
		} else if (col > EXPLAIN_INDENT) {
			putchar(' ');
			col++;
		}
		report_put_text(stdout, p, (size_t)(sp - p), 0,
		    REPORT_ESC_TERM);
		col += w;
		p = sp + strspn(sp, " ");
	}
	putchar('\n');
}

static void
put_keys(const struct policy *pol, const struct policy_lang *l,
    const struct policy_check *pc)
{
	char line[POLICY_KEYS_MAX * (POLICY_KEYNAME_MAX + POLICY_ROLE_MAX +
	    POLICY_VALUE_MAX + 16)] = "";
	size_t i, n = 0;

	for (i = 0; i < pc->n_keys && i < POLICY_KEYS_MAX; i++) {
		const struct policy_key *k = &pc->keys[i];

		n += (size_t)snprintf(line + n, sizeof(line) - n,
		    "%s%s (%s%s%s)", i ? ", " : "", k->key, k->role,
		    k->expect[0] ? " = " : "", k->expect);
		if (n >= sizeof(line))
			break;
	}
	put_para(policy_lang_word(pol, l, PW_explain_keys), n ? line :
	    policy_lang_word(pol, l, PW_explain_none));
}

static void
explain_check(const struct policy *pol, const struct policy_lang *l,
    const struct policy_check *pc)
{
	const struct chk_def *d = chk_def_find(pc->id);
	const char *decides = policy_lang_text(pol, l, pc, PT_DECIDES);
	char head[POLICY_TITLE_MAX * 2];

	snprintf(head, sizeof(head), "%s  %s", pc->id,
	    policy_lang_text(pol, l, pc, PT_TITLE));
	report_put_text(stdout, head, strlen(head), 0, REPORT_ESC_TERM);
	printf("\n\n");
	put_para(policy_lang_word(pol, l, PW_severity),
	    policy_lang_word(pol, l, (enum policy_word)(PW_severity_critical +
	    pc->severity)));
	put_para(policy_lang_word(pol, l, PW_guide),
	    policy_lang_text(pol, l, pc, PT_GUIDE));
	put_para(policy_lang_word(pol, l, PW_explain_rationale),
	    policy_lang_text(pol, l, pc, PT_RATIONALE));
	put_keys(pol, l, pc);
	put_para(policy_lang_word(pol, l, PW_explain_live), d && d->live ?
	    policy_lang_word(pol, l, PW_explain_yes) :
	    policy_lang_word(pol, l, PW_explain_no));
	if (decides[0])
		put_para(policy_lang_word(pol, l, PW_explain_decides),
		    decides);
	put_para(policy_lang_word(pol, l, PW_remediation),
	    policy_lang_text(pol, l, pc, PT_REMEDIATION));
}

static void
explain_words(void)
{
	int w;

	for (w = 0; w < PW_COUNT; w++)
		printf("%-26s %s\n", policy_word_key((enum policy_word)w),
		    policy_word_en((enum policy_word)w));
}

/* "mx-10" names MX-10. */
static const struct policy_check *
find_check(const struct policy *pol, const char *id)
{
	char up[16];
	size_t i;

	for (i = 0; id[i] && i < sizeof(up) - 1; i++)
		up[i] = (char)toupper((unsigned char)id[i]);
	up[i] = '\0';
	return policy_check_find(pol, up);
}

static int
run(const struct explain_opts *o, struct conf *c, struct policy *pol)
{
	const struct policy_check *pc;
	const char *lang;

	if ((o->conf_given || access(o->conf_path, F_OK) == 0) &&
	    conf_load(c, o->conf_path, stderr) < 0)
		return EXIT_CONFIG;
	if (policy_load(pol, o->policy ? o->policy : c->checks.policy_file,
	    stderr) < 0)
		return EXIT_CONFIG;
	lang = o->lang ? o->lang : c->report.lang;
	if (!policy_lang_known(pol, lang)) {
		fprintf(stderr, "camguard: the policy has no language "
		    "\"%s\"\n", lang);
		return o->lang ? EXIT_USAGE : EXIT_CONFIG;
	}
	if (!(pc = find_check(pol, o->id))) {
		fprintf(stderr, "camguard: no check \"%s\" (camguard check "
		    "lists them)\n", o->id);
		return EXIT_USAGE;
	}
	explain_check(pol, policy_lang_find(pol, lang), pc);
	return fflush(stdout) == 0 ? EXIT_OK : EXIT_NOWORK;
}

int
cli_explain(int argc, char **argv)
{
	struct explain_opts o = { .conf_path = CONF_DEFAULT_PATH };
	struct { struct conf c; struct policy p; } *m;
	int rc;

	if ((rc = parse_args(argc, argv, &o)) >= 0)
		return rc;
	if (o.words) {
		explain_words();
		return EXIT_OK;
	}
	if (!(m = calloc(1, sizeof(*m)))) {
		perror("camguard");
		return EXIT_NOWORK;
	}
	conf_defaults(&m->c);
	rc = run(&o, &m->c, &m->p);
	free(m);
	return rc;
}
