/*
 * test_report_lang.c - the commissioning report in French and English:
 * the shipped policy's French (complete, with the French guide's menu
 * names), every format following the language, the HTML report's header,
 * checklist, VMS mapping, summary and signatures, and that it is one
 * self-contained file in which no camera string adds markup; the policy's
 * language section refusing what it cannot bind (unknown words, checks,
 * items, a language twice).
 *
 * Run from the repository root with TZ=UTC (examples/, packaging/).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check/camcfg.h"
#include "check/check.h"
#include "check/policy.h"
#include "check/policy_lang.h"
#include "core/conf.h"
#include "report/report.h"

#define FACTORY		"examples/camera-default.cfg"
#define POLICY		"packaging/policy/mobotix-v1.json"
#define NOW		((time_t)1764000000)	/* 2025-11-24 16:00 UTC */

static char cfgtext[16384];
static char poltext[POLICY_FILE_MAX + 1];
static size_t pollen;
static struct camcfg cfg;
static struct policy pol, pol2;
static struct chk_scan scan;
static struct conf conf;

static size_t
load(const char *path, char *buf, size_t size)
{
	FILE *f = fopen(path, "rb");
	size_t n;

	if (f == NULL) {
		fprintf(stderr, "%s: cannot open (run from the repo root)\n",
		    path);
		exit(1);
	}
	n = fread(buf, 1, size - 1, f);
	fclose(f);
	buf[n] = '\0';
	return n;
}

static int
group_setup(void **state)
{
	struct camcfg_error err;
	struct chk_env env = { .cfg = &cfg, .policy = &pol,
		.ids_sources_readable = -1 };

	(void)state;
	load(FACTORY, cfgtext, sizeof(cfgtext));
	pollen = load(POLICY, poltext, sizeof(poltext));
	if (policy_parse(&pol, POLICY, poltext, pollen, stderr) != 0)
		return -1;
	if (camcfg_parse(cfgtext, strlen(cfgtext), &cfg, &err) != CAMCFG_OK)
		return -1;
	conf_defaults(&conf);
	snprintf(conf.checks.waivers[0].id, sizeof(conf.checks.waivers[0].id),
	    "MX-20");
	snprintf(conf.checks.waivers[0].reason,
	    sizeof(conf.checks.waivers[0].reason), "pas de 802.1X <b>ici</b>");
	snprintf(conf.checks.waivers[0].expires,
	    sizeof(conf.checks.waivers[0].expires), "2027-06-30");
	conf.checks.n_waivers = 1;
	chk_run(&env, &conf, NOW, &scan);
	snprintf(conf.report.customer, sizeof(conf.report.customer),
	    "Hôpital <Nord> & Cie");
	snprintf(conf.report.site, sizeof(conf.report.site), "Bâtiment B");
	snprintf(conf.report.engineer, sizeof(conf.report.engineer),
	    "Camille Martin");
	snprintf(conf.report.company, sizeof(conf.report.company),
	    "Vidéo SARL");
	return 0;
}

static char *
render(enum report_format fmt, const char *lang)
{
	struct report_opts o = { .lang = lang, .site = &conf.report,
		.address = "https://10.1.2.3:8443" };
	char *out = NULL;
	size_t sz = 0;
	FILE *f = open_memstream(&out, &sz);

	assert_non_null(f);
	assert_int_equal(report_write(f, fmt, &scan, &pol, &o), 0);
	fclose(f);
	return out;
}

/* ---- the shipped French ----------------------------------------------- */

static void
test_shipped_french_translates_every_word_check_and_item(void **state)
{
	const struct policy_lang *fr = policy_lang_find(&pol, "fr");
	const struct policy_lang *en = policy_lang_find(&pol, "en");
	size_t i, t;

	(void)state;
	assert_non_null(fr);
	assert_non_null(en);
	assert_true(policy_lang_known(&pol, "en"));
	assert_false(policy_lang_known(&pol, "de"));
	for (i = 0; i < PW_COUNT; i++)
		assert_true(fr->words[i] != 0);
	for (i = 0; i < pol.n_checks; i++) {
		for (t = 0; t < PT_COUNT; t++)
			assert_true(fr->checks[i][t] != 0);
		assert_true(en->checks[i][PT_DECIDES] != 0);
		assert_string_not_equal(policy_lang_text(&pol, fr,
		    &pol.checks[i], PT_TITLE), pol.checks[i].title);
	}
	assert_int_equal(pol.n_items, 7);
	for (i = 0; i < pol.n_items; i++)
		assert_true(fr->items[i][0] != 0 && fr->items[i][1] != 0);
}

static void
test_french_uses_the_french_guide_menu_names(void **state)
{
	const struct policy_lang *fr = policy_lang_find(&pol, "fr");
	const struct policy_check *pc;

	(void)state;
	pc = policy_check_find(&pol, "MX-08");
	assert_non_null(strstr(policy_lang_text(&pol, fr, pc, PT_REMEDIATION),
	    "Menu Admin > Configuration du réseau > Serveur Web (pour les "
	    "experts) > Paramètres de détection d'intrusion"));
	pc = policy_check_find(&pol, "MX-07");
	assert_non_null(strstr(policy_lang_text(&pol, fr, pc, PT_REMEDIATION),
	    "Menu Admin > Sécurité > Contrôle d'accès au niveau IP"));
	assert_string_equal(policy_lang_word(&pol, fr, PW_result_pass),
	    "Conforme");
	assert_string_equal(policy_lang_word(&pol, fr, PW_result_fail),
	    "Non conforme");
	assert_string_equal(policy_lang_word(&pol, fr,
	    PW_result_not_applicable), "Non applicable");
	/* English falls back to the check entry, decides to the en entry */
	assert_string_equal(policy_lang_text(&pol, NULL, pc, PT_TITLE),
	    "IP-level access control enabled");
	assert_non_null(strstr(policy_lang_text(&pol, NULL, pc, PT_DECIDES),
	    "If no match is found"));
}

/* ---- every format follows the language --------------------------------- */

/* s as the HTML report escapes it. */
static const char *
esc(const char *s)
{
	static char buf[4][1024];
	static int k;
	char *o = buf[k++ % 4];
	size_t n = 0;

	for (; *s && n < sizeof(buf[0]) - 8; s++) {
		const char *e = *s == '&' ? "&amp;" : *s == '<' ? "&lt;" :
		    *s == '>' ? "&gt;" : *s == '"' ? "&quot;" :
		    *s == '\'' ? "&#39;" : NULL;

		if (e) {
			memcpy(o + n, e, strlen(e));
			n += strlen(e);
		} else {
			o[n++] = *s;
		}
	}
	o[n] = '\0';
	return o;
}

static void
test_html_in_french_has_no_english_title(void **state)
{
	const struct policy_lang *fr = policy_lang_find(&pol, "fr");
	char *out = render(REPORT_HTML, "fr");
	size_t i;

	(void)state;
	assert_non_null(strstr(out, "<html lang=\"fr\">"));
	for (i = 0; i < pol.n_checks; i++) {
		assert_non_null(strstr(out, pol.checks[i].id));
		assert_non_null(strstr(out, esc(policy_lang_text(&pol, fr,
		    &pol.checks[i], PT_TITLE))));
		if (strcmp(pol.checks[i].id, "MX-20") == 0)
			continue;	/* "IEEE 802.1X": a French menu too */
		assert_null(strstr(out, esc(pol.checks[i].title)));
	}
	assert_non_null(strstr(out, ">Non conforme<"));
	assert_non_null(strstr(out, ">Dérogation<"));
	assert_non_null(strstr(out, "Technicien de mise en service"));
	assert_non_null(strstr(out, "Acceptation du client"));
	free(out);
}

static void
test_html_has_header_checklist_mapping_summary_and_signatures(void **state)
{
	char *out = render(REPORT_HTML, "en");
	size_t i;

	(void)state;
	assert_non_null(strstr(out, "<html lang=\"en\">"));
	for (i = 0; i < pol.n_checks; i++)
		assert_non_null(strstr(out, esc(pol.checks[i].title)));
	assert_non_null(strstr(out, "<th>Customer</th><td>Hôpital "
	    "&lt;Nord&gt; &amp; Cie</td>"));
	assert_non_null(strstr(out, "<th>Engineer</th><td>Camille "
	    "Martin</td>"));
	assert_non_null(strstr(out, "<th>Address</th><td>https://10.1.2.3:8443"
	    "</td>"));
	assert_non_null(strstr(out, scan.state_sha256));
	assert_non_null(strstr(out, pol.sha256));
	assert_non_null(strstr(out, "2025-11-24 16:00 UTC"));
	assert_non_null(strstr(out, "<th>Comment</th>"));
	assert_non_null(strstr(out, "<th>Deadline</th>"));
	/* the waiver: reason as comment (escaped), expiry as deadline */
	assert_non_null(strstr(out, "pas de 802.1X &lt;b&gt;ici&lt;/b&gt;"));
	assert_non_null(strstr(out, "<td>2027-06-30</td></tr>"));
	assert_non_null(strstr(out, "VMS hardening guide: camera items"));
	assert_non_null(strstr(out, "CAM-7"));
	assert_non_null(strstr(out, "Score"));
	assert_non_null(strstr(out, "Commissioning technician"));
	assert_non_null(strstr(out, "Customer acceptance"));
	assert_non_null(strstr(out, "<td>Vidéo SARL</td>"));
	free(out);
}

/* No script, no remote asset, no markup from a string. */
static void
test_html_is_self_contained(void **state)
{
	char *out = render(REPORT_HTML, "fr");

	(void)state;
	assert_non_null(strstr(out, "<style>"));
	assert_non_null(strstr(out, "@page{size:A4 portrait"));
	assert_null(strstr(out, "<script"));
	assert_null(strstr(out, "src="));
	assert_null(strstr(out, "href="));
	assert_null(strstr(out, "url("));
	assert_null(strstr(out, "@import"));
	assert_null(strstr(out, "<b>"));
	assert_null(strstr(out, "<Nord>"));
	free(out);
}

static void
test_markdown_table_and_json_follow_the_language(void **state)
{
	char *md = render(REPORT_MARKDOWN, "fr");
	char *tab = render(REPORT_TABLE, "fr");
	char *js = render(REPORT_JSON, "fr");
	char *tab_en = render(REPORT_TABLE, "en");

	(void)state;
	assert_non_null(strstr(md, "# Rapport de mise en service"));
	assert_non_null(strstr(md, "| Client | Hôpital <Nord> & Cie |") ||
	    strstr(md, "| Client | Hôpital \\<Nord> & Cie |"));
	assert_non_null(strstr(md, "| SHA-256 de l'état | "));
	assert_non_null(strstr(md, scan.state_sha256));
	assert_non_null(strstr(md, "| MX-03 | critique | Mot de passe "
	    "administrateur par défaut modifié | Non conforme |"));
	assert_non_null(strstr(tab, "Non conforme   critique MX-03   "));
	assert_non_null(strstr(tab, "      correctif: Menu Admin > "));
	assert_non_null(strstr(tab, scan.state_sha256));
	assert_non_null(strstr(tab_en, "\nfail           critical MX-03   "
	    "Default admin password changed\n"));
	/* JSON: texts in French, result codes as always */
	assert_non_null(strstr(js, "\"title\":\"Accès public désactivé\""));
	assert_non_null(strstr(js, "\"result\":\"fail\""));
	assert_non_null(strstr(js, "{\"camera\":{\"id\":"));
	free(md);
	free(tab);
	free(js);
	free(tab_en);
}

static void
test_unknown_language_writes_english(void **state)
{
	char *out = render(REPORT_HTML, "de");

	(void)state;
	assert_non_null(strstr(out, "<html lang=\"en\">"));
	assert_non_null(strstr(out, "Camera hardening commissioning report"));
	free(out);
}

/* ---- the policy's language section ------------------------------------- */

/* The shipped policy with text inserted after the first `after`. */
static int
parse_with(const char *after, const char *insert)
{
	static char buf[POLICY_FILE_MAX + 4096];
	const char *at = strstr(poltext, after);
	FILE *errf = fopen("/dev/null", "w");
	int rc;

	assert_non_null(at);
	at += strlen(after);
	snprintf(buf, sizeof(buf), "%.*s%s%s", (int)(at - poltext), poltext,
	    insert, at);
	rc = policy_parse(&pol2, "test", buf, strlen(buf), errf);
	fclose(errf);
	return rc;
}

static void
test_vms_items_must_name_checks_of_the_catalogue(void **state)
{
	(void)state;
	assert_int_equal(parse_with("\"vms_items\": [", ""), 0);
	assert_int_equal(parse_with("\"vms_items\": [", "{\"id\": \"CAM-9\", "
	    "\"guide\": \"g\", \"title\": \"t\", \"checks\": [\"MX-99\"]},"),
	    -1);
	assert_int_equal(parse_with("\"vms_items\": [", "{\"id\": \"CAM-9\", "
	    "\"guide\": \"g\", \"title\": \"t\", \"checks\": []},"), -1);
	assert_int_equal(parse_with("\"vms_items\": [", "{\"id\": \"CAM-9\", "
	    "\"guide\": \"g\", \"title\": \"t\", \"checks\": [\"MX-10\"]},"),
	    0);
	assert_int_equal(pol2.n_items, 8);
}

static void
test_policy_language_entries_bind_to_the_policy(void **state)
{
	static const char *const bad[] = {
		"{\"lang\": \"xx\", \"words\": {\"no_such_word\": \"x\"}}",
		"{\"lang\": \"xx\", \"words\": {\"result_pass\": \"a\", "
		"\"result_pass\": \"b\"}}",
		"{\"lang\": \"xx\", \"words\": {\"result_pass\": 1}}",
		"{\"lang\": \"xx\", \"checks\": [{\"id\": \"MX-99\"}]}",
		"{\"lang\": \"xx\", \"vms_items\": [{\"id\": \"CAM-99\"}]}",
		"{\"lang\": \"FR\"}",
		"{\"lang\": \"fr\"}",	/* listed twice */
		"{\"words\": {}}",
		"{\"lang\": \"xx\", \"checks\": [{\"id\": \"MX-10\"}, "
		"{\"id\": \"MX-10\"}]}",
	};
	char *buf = malloc(POLICY_FILE_MAX + 4096);
	FILE *errf = fopen("/dev/null", "w");
	const char *at;
	size_t i;

	(void)state;
	at = strstr(poltext, "\"languages\": [");
	assert_non_null(at);
	at += strlen("\"languages\": [");
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		snprintf(buf, POLICY_FILE_MAX + 4096, "%.*s%s,%s",
		    (int)(at - poltext), poltext, bad[i], at);
		assert_int_equal(policy_parse(&pol2, "t", buf, strlen(buf),
		    errf), -1);
	}
	snprintf(buf, POLICY_FILE_MAX + 4096, "%.*s%s,%s", (int)(at - poltext),
	    poltext, "{\"lang\": \"xx\", \"words\": {\"result_pass\": \"OK\"}}",
	    at);
	assert_int_equal(policy_parse(&pol2, "t", buf, strlen(buf), errf), 0);
	assert_string_equal(policy_lang_word(&pol2, policy_lang_find(&pol2,
	    "xx"), PW_result_pass), "OK");
	/* a word the language lacks is the English one */
	assert_string_equal(policy_lang_word(&pol2, policy_lang_find(&pol2,
	    "xx"), PW_result_fail), "Non-compliant");
	fclose(errf);
	free(buf);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(
		    test_shipped_french_translates_every_word_check_and_item),
		cmocka_unit_test(test_french_uses_the_french_guide_menu_names),
		cmocka_unit_test(test_html_in_french_has_no_english_title),
		cmocka_unit_test(
		test_html_has_header_checklist_mapping_summary_and_signatures),
		cmocka_unit_test(test_html_is_self_contained),
		cmocka_unit_test(
		    test_markdown_table_and_json_follow_the_language),
		cmocka_unit_test(test_unknown_language_writes_english),
		cmocka_unit_test(
		    test_vms_items_must_name_checks_of_the_catalogue),
		cmocka_unit_test(
		    test_policy_language_entries_bind_to_the_policy),
	};

	return cmocka_run_group_tests(tests, group_setup, NULL);
}
