/*
 * test_soap_parse.c - the SOAP reply reader: ONVIF responses and faults
 * (SOAP 1.2 and 1.1, NotAuthorized in a subcode, in CDATA, in a 200),
 * WS-Discovery ProbeMatches with their RelatesTo, and hostile replies
 * (a wrong namespace, nesting past the limit, too many declarations,
 * truncated at every byte, a DTD, HTML, an undeclared prefix) each
 * classified, from the corpus in tests/corpus/soap/ and from strings.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "proto/soap_parse.h"

#define CORPUS	"tests/corpus/soap/"
#define ENV12	"http://www.w3.org/2003/05/soap-envelope"

static char file[SOAP_REPLY_MAX];
static char big[SOAP_REPLY_MAX * 2];

static size_t
slurp(const char *name)
{
	char path[256];
	FILE *f;
	size_t n;

	snprintf(path, sizeof(path), CORPUS "%s", name);
	f = fopen(path, "rb");
	assert_non_null(f);
	n = fread(file, 1, sizeof(file), f);
	fclose(f);
	return n;
}

static int
parse_file(const char *name, struct soap_reply *r)
{
	size_t n = slurp(name);

	return soap_parse(file, n, r);
}

static int
parse_str(const char *s, struct soap_reply *r)
{
	return soap_parse(s, strlen(s), r);
}

static void
test_a_device_information_response_is_read(void **state)
{
	struct soap_reply r;

	(void)state;
	assert_int_equal(parse_file("devinfo-response.xml", &r), SOAP_OK);
	assert_int_equal(r.envelope, SOAP_NS_ENV12);
	assert_false(r.fault);
	assert_int_equal(r.body.ns, SOAP_NS_ONVIF_DEVICE);
	assert_string_equal(r.body.name, "GetDeviceInformationResponse");
	assert_int_equal(r.n_children, 5);
	assert_true(r.complete);
	assert_int_equal(r.damage, 0);
}

static void
test_users_are_counted_under_a_default_namespace(void **state)
{
	struct soap_reply r;

	(void)state;
	assert_int_equal(parse_file("getusers-response.xml", &r), SOAP_OK);
	assert_int_equal(r.body.ns, SOAP_NS_ONVIF_DEVICE);
	assert_string_equal(r.body.name, "GetUsersResponse");
	assert_int_equal(r.n_children, 2);
	assert_true(r.complete);
}

static void
test_not_authorized_faults_are_recognised(void **state)
{
	static const char *const files[] = { "fault-not-authorized.xml",
		"fault-in-200.xml", "cdata-comments.xml" };
	struct soap_reply r;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		assert_int_equal(parse_file(files[i], &r), SOAP_OK);
		assert_true(r.fault);
		assert_string_equal(r.body.name, "Fault");
		assert_int_equal(r.code.ns, SOAP_NS_ENV12);
		assert_string_equal(r.code.name, "Sender");
		assert_int_equal(r.subcode.ns, SOAP_NS_ONVIF_ERROR);
		assert_string_equal(r.subcode.name, "NotAuthorized");
		assert_true(r.not_authorized);
	}
}

static void
test_other_faults_keep_their_innermost_subcode(void **state)
{
	struct soap_reply r;

	(void)state;
	assert_int_equal(parse_file("fault-action-not-supported.xml", &r),
	    SOAP_OK);
	assert_true(r.fault);
	assert_string_equal(r.code.name, "Receiver");
	assert_int_equal(r.subcode.ns, SOAP_NS_ONVIF_ERROR);
	assert_string_equal(r.subcode.name, "NoSuchService");
	assert_false(r.not_authorized);
}

static void
test_a_soap11_faultcode_is_read(void **state)
{
	struct soap_reply r;

	(void)state;
	assert_int_equal(parse_file("fault-soap11.xml", &r), SOAP_OK);
	assert_int_equal(r.envelope, SOAP_NS_ENV11);
	assert_true(r.fault);
	assert_string_equal(r.code.name, "NotAuthorized");
	assert_true(r.not_authorized);
}

static void
test_probe_matches_are_counted_with_their_relates_to(void **state)
{
	struct soap_reply r;

	(void)state;
	assert_int_equal(parse_file("probematches-2005.xml", &r), SOAP_OK);
	assert_int_equal(r.body.ns, SOAP_NS_WSD_2005);
	assert_string_equal(r.body.name, "ProbeMatches");
	assert_int_equal(r.n_children, 1);
	assert_string_equal(r.relates_to,
	    "uuid:0a1b2c3d-4e5f-4071-8293-a4b5c6d7e8f9");
	assert_int_equal(parse_file("probematches-2009.xml", &r), SOAP_OK);
	assert_int_equal(r.body.ns, SOAP_NS_WSD_2009);
	assert_int_equal(r.n_children, 2);
	assert_string_equal(r.relates_to,
	    "urn:uuid:11111111-2222-4333-8444-555555555555");
}

static void
test_hostile_corpus_files_are_classified(void **state)
{
	static const struct {
		const char	*file;
		int		 rc;
	} cases[] = {
		{ "wrong-namespace.xml", SOAP_E_NAMESPACE },
		{ "nested.xml", SOAP_E_DEPTH },
		{ "truncated.xml", SOAP_E_TRUNCATED },
		{ "html.html", SOAP_E_NOT_SOAP },
		{ "dtd.xml", SOAP_E_DTD },
		{ "empty-body.xml", SOAP_E_NO_BODY },
		{ "undeclared-prefix.xml", SOAP_E_NAMESPACE },
	};
	struct soap_reply r;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		print_message("%s\n", cases[i].file);
		assert_int_equal(parse_file(cases[i].file, &r), cases[i].rc);
		assert_string_not_equal(soap_strerror(cases[i].rc),
		    "unknown error");
	}
}

static void
test_a_response_in_another_namespace_is_told_apart(void **state)
{
	struct soap_reply r;

	(void)state;
	assert_int_equal(parse_file("response-wrong-namespace.xml", &r),
	    SOAP_OK);
	assert_string_equal(r.body.name, "GetDeviceInformationResponse");
	assert_int_equal(r.body.ns, SOAP_NS_OTHER);
}

static void
test_a_response_cut_short_still_counts_as_begun(void **state)
{
	struct soap_reply r;

	(void)state;
	assert_int_equal(parse_file("truncated-response.xml", &r), SOAP_OK);
	assert_string_equal(r.body.name, "GetUsersResponse");
	assert_false(r.complete);
	assert_int_equal(r.damage, SOAP_E_TRUNCATED);
	assert_int_equal(r.n_children, 1);
}

/* Every prefix of every corpus file: classified, never past its end. */
static void
test_every_prefix_of_the_corpus_is_classified(void **state)
{
	static const char *const files[] = { "devinfo-response.xml",
		"getusers-response.xml", "fault-not-authorized.xml",
		"fault-soap11.xml", "probematches-2005.xml",
		"cdata-comments.xml", "dtd.xml", "nested.xml" };
	struct soap_reply r, whole;
	size_t i, n, len;
	int rc, wrc;

	(void)state;
	for (i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		len = slurp(files[i]);
		wrc = soap_parse(file, len, &whole);
		for (n = 0; n < len; n++) {
			memcpy(big, file, n);
			rc = soap_parse(big, n, &r);
			assert_true(rc <= 0 && rc >= SOAP_E_NO_BODY);
			/* a cut reply is never read as a finished one */
			if (rc == SOAP_OK && r.complete)
				assert_true(wrc == SOAP_OK && whole.complete);
			if (rc == SOAP_OK && !r.complete)
				assert_int_equal(r.damage, SOAP_E_TRUNCATED);
		}
	}
}

/* An answer holding `levels` nested elements inside its first child. */
static size_t
nested(size_t levels)
{
	size_t n, i;

	n = (size_t)snprintf(big, sizeof(big), "<s:Envelope xmlns:s='"
	    ENV12 "'><s:Body><x>");
	for (i = 0; i < levels; i++)
		n += (size_t)snprintf(big + n, sizeof(big) - n, "<y>");
	for (i = 0; i < levels; i++)
		n += (size_t)snprintf(big + n, sizeof(big) - n, "</y>");
	n += (size_t)snprintf(big + n, sizeof(big) - n, "</x></s:Body>");
	return n;
}

static void
test_nesting_up_to_the_limit_is_followed(void **state)
{
	struct soap_reply r;
	size_t n;

	(void)state;
	/* Envelope, Body and x take three levels */
	n = nested(SOAP_DEPTH_MAX - 3);
	assert_int_equal(soap_parse(big, n, &r), SOAP_OK);
	assert_true(r.complete);
	assert_int_equal(r.n_children, 1);
	/* one more inside the answer: still an answer, damaged */
	n = nested(SOAP_DEPTH_MAX - 2);
	assert_int_equal(soap_parse(big, n, &r), SOAP_OK);
	assert_int_equal(r.damage, SOAP_E_DEPTH);
	assert_false(r.complete);
}

static void
test_too_many_namespace_declarations_are_refused(void **state)
{
	struct soap_reply r;
	size_t n = 0, i;

	(void)state;
	n += (size_t)snprintf(big + n, sizeof(big) - n, "<s:Envelope");
	for (i = 0; i < SOAP_NS_DECL_MAX; i++)
		n += (size_t)snprintf(big + n, sizeof(big) - n,
		    " xmlns:p%zu='urn:x'", i);
	n += (size_t)snprintf(big + n, sizeof(big) - n,
	    " xmlns:s='" ENV12 "'><s:Body><a/></s:Body></s:Envelope>");
	assert_int_equal(soap_parse(big, n, &r), SOAP_E_NS_MAX);
	/* exactly the limit is fine, and scopes end with their element */
	n = (size_t)snprintf(big, sizeof(big), "<s:Envelope xmlns:s='"
	    ENV12 "'><s:Header>");
	for (i = 0; i < 3 * SOAP_NS_DECL_MAX; i++)
		n += (size_t)snprintf(big + n, sizeof(big) - n,
		    "<h xmlns:a='urn:a' xmlns:b='urn:b'/>");
	n += (size_t)snprintf(big + n, sizeof(big) - n,
	    "</s:Header><s:Body><a/></s:Body></s:Envelope>");
	assert_int_equal(soap_parse(big, n, &r), SOAP_OK);
	assert_true(r.complete);
}

static void
test_a_huge_reply_is_read_only_to_its_first_element(void **state)
{
	struct soap_reply r;
	size_t n;

	(void)state;
	n = (size_t)snprintf(big, sizeof(big), "<s:Envelope xmlns:s='"
	    ENV12 "'><s:Body><u:GetUsersResponse xmlns:u="
	    "'http://www.onvif.org/ver10/device/wsdl'>");
	while (n + 16 < sizeof(big))
		n += (size_t)snprintf(big + n, sizeof(big) - n, "<u:User/>");
	assert_int_equal(soap_parse(big, n, &r), SOAP_OK);
	assert_false(r.complete);
	assert_true(r.n_children > 10000);
	/* garbage after a finished first element is never read */
	n = (size_t)snprintf(big, sizeof(big), "<s:Envelope xmlns:s='"
	    ENV12 "'><s:Body><a/>");
	memset(big + n, '<', sizeof(big) - n);
	assert_int_equal(soap_parse(big, sizeof(big), &r), SOAP_OK);
	assert_true(r.complete);
}

static void
test_broken_markup_is_classified(void **state)
{
	static const struct {
		const char	*in;
		int		 rc;
	} cases[] = {
		{ "", SOAP_E_NOT_SOAP },
		{ "   \r\n", SOAP_E_NOT_SOAP },
		{ "Unauthorized\n", SOAP_E_NOT_SOAP },
		{ "{\"error\":\"unauthorized\"}", SOAP_E_NOT_SOAP },
		{ "<html><body>401</body></html>", SOAP_E_NOT_SOAP },
		{ "<Envelope><Body><a/></Body></Envelope>", SOAP_E_NAMESPACE },
		{ "<s:Envelope xmlns:s='" ENV12 "'><s:Body><a></b></s:Body>",
		  SOAP_OK },	/* damaged after the answer began */
		{ "<s:Envelope xmlns:s='" ENV12 "'><s:Header></x>",
		  SOAP_E_SYNTAX },
		{ "<s:Envelope xmlns:s='" ENV12 "'><s:Header a=b>",
		  SOAP_E_SYNTAX },
		{ "<s:Envelope xmlns:s='" ENV12 "'><s:Header><!DOCTYPE x>",
		  SOAP_E_SYNTAX },
		{ "<s:Envelope xmlns:s='" ENV12 "'></s:Envelope>",
		  SOAP_E_NO_BODY },
		{ "<s:Envelope xmlns:s='" ENV12 "'><s:Body/></s:Envelope>",
		  SOAP_E_NO_BODY },
		{ "<s:Envelope xmlns:s='" ENV12 "'><s:Body><1/></s:Body>",
		  SOAP_E_SYNTAX },
		{ "<s:Envelope xmlns:s='" ENV12 "'><s:Body><a:b:c/>",
		  SOAP_E_SYNTAX },
		{ "<s:Envelope xmlns:s='" ENV12 "'", SOAP_E_TRUNCATED },
		{ "<?xml version='1.0'", SOAP_E_TRUNCATED },
		{ "\xef\xbb\xbf<s:Envelope xmlns:s='" ENV12 "'><s:Body><a/>",
		  SOAP_OK },
	};
	struct soap_reply r;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		print_message("case %zu\n", i);
		assert_int_equal(parse_str(cases[i].in, &r), cases[i].rc);
	}
	assert_int_equal(parse_str(cases[6].in, &r), SOAP_OK);
	assert_int_equal(r.damage, SOAP_E_SYNTAX);
}

static void
test_prefixes_are_resolved_not_compared(void **state)
{
	struct soap_reply r;

	(void)state;
	/* the same prefix rebound inside: the inner binding wins */
	assert_int_equal(parse_str("<a:Envelope xmlns:a='" ENV12 "'>"
	    "<a:Body><a:Fault xmlns:a='urn:x'/></a:Body></a:Envelope>", &r),
	    SOAP_OK);
	assert_false(r.fault);
	assert_int_equal(r.body.ns, SOAP_NS_OTHER);
	/* a NotAuthorized outside the ONVIF error namespace is not one */
	assert_int_equal(parse_str("<e:Envelope xmlns:e='" ENV12 "'"
	    " xmlns:ter='urn:fake'><e:Body><e:Fault><e:Code><e:Value>"
	    "e:Sender</e:Value><e:Subcode><e:Value>ter:NotAuthorized"
	    "</e:Value></e:Subcode></e:Code></e:Fault></e:Body>", &r),
	    SOAP_OK);
	assert_true(r.fault);
	assert_string_equal(r.subcode.name, "NotAuthorized");
	assert_int_equal(r.subcode.ns, SOAP_NS_OTHER);
	assert_false(r.not_authorized);
	/* a code that is no QName is not kept as it came */
	assert_int_equal(parse_str("<e:Envelope xmlns:e='" ENV12 "'>"
	    "<e:Body><e:Fault><e:Code><e:Value>e:Sender\x1b[2J\"</e:Value>"
	    "</e:Code></e:Fault></e:Body>", &r), SOAP_OK);
	assert_string_equal(r.code.name, "?");
}

static void
test_long_names_and_texts_are_capped(void **state)
{
	struct soap_reply r;
	size_t n;

	(void)state;
	n = (size_t)snprintf(big, sizeof(big), "<s:Envelope xmlns:s='"
	    ENV12 "' xmlns:w='http://www.w3.org/2005/08/addressing'>"
	    "<s:Header><w:RelatesTo>");
	memset(big + n, 'u', 1000);
	n += 1000;
	n += (size_t)snprintf(big + n, sizeof(big) - n,
	    "</w:RelatesTo></s:Header><s:Body><");
	memset(big + n, 'N', 1000);
	n += 1000;
	n += (size_t)snprintf(big + n, sizeof(big) - n, "/></s:Body>");
	assert_int_equal(soap_parse(big, n, &r), SOAP_OK);
	assert_int_equal(strlen(r.relates_to), SOAP_TEXT_MAX - 1);
	assert_int_equal(strlen(r.body.name), SOAP_NAME_MAX - 1);
	assert_true(r.complete);
}

static void
test_random_bytes_never_crash_the_reader(void **state)
{
	struct soap_reply r;
	size_t i, n;
	unsigned seed = 42;
	int rc;

	(void)state;
	for (i = 0; i < 2000; i++) {
		n = (size_t)(rand_r(&seed) % 512);
		for (size_t j = 0; j < n; j++)
			big[j] = "<>/='\"a:s! -?[]x\n"[rand_r(&seed) % 17];
		rc = soap_parse(big, n, &r);
		assert_true(rc <= 0 && rc >= SOAP_E_NO_BODY);
		assert_true(strlen(r.body.name) < SOAP_NAME_MAX);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
#define T(f) cmocka_unit_test(f)
		T(test_a_device_information_response_is_read),
		T(test_users_are_counted_under_a_default_namespace),
		T(test_not_authorized_faults_are_recognised),
		T(test_other_faults_keep_their_innermost_subcode),
		T(test_a_soap11_faultcode_is_read),
		T(test_probe_matches_are_counted_with_their_relates_to),
		T(test_hostile_corpus_files_are_classified),
		T(test_a_response_in_another_namespace_is_told_apart),
		T(test_a_response_cut_short_still_counts_as_begun),
		T(test_every_prefix_of_the_corpus_is_classified),
		T(test_nesting_up_to_the_limit_is_followed),
		T(test_too_many_namespace_declarations_are_refused),
		T(test_a_huge_reply_is_read_only_to_its_first_element),
		T(test_broken_markup_is_classified),
		T(test_prefixes_are_resolved_not_compared),
		T(test_long_names_and_texts_are_capped),
		T(test_random_bytes_never_crash_the_reader),
#undef T
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
