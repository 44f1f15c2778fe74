/* SPDX-License-Identifier: MIT */
/* xml_writer: the one doorway to libxml2's xmlTextWriter. Errors are
 * sticky, so writers check once at the end; every string is checked for
 * characters XML cannot carry before libxml2 sees it, because libxml2
 * (2.9.14) would write them out verbatim. */
#ifndef FEEDD_XML_WRITER_H
#define FEEDD_XML_WRITER_H

#include "buffer.h"

struct xml_writer;

struct xml_writer *xml_writer_new(void);
/* A piece of a document instead: what is written into it comes out as it
 * would at that depth of a document (indented so), to be placed between
 * siblings there. xml_writer_finish hands over only that. */
struct xml_writer *xml_writer_new_fragment(int depth);
/* An HTML5 document in XML syntax: "<!DOCTYPE html>" and no XML
 * declaration; xml_writer_end always writes an end tag (<a></a>, never
 * <a/>, which HTML would read as an open element). */
struct xml_writer *xml_writer_new_html(void);
void xml_writer_start(struct xml_writer *w, const char *name);
void xml_writer_attribute(struct xml_writer *w, const char *name,
    const char *value);
void xml_writer_text(struct xml_writer *w, const char *text);
void xml_writer_end(struct xml_writer *w);
/* Ends an element with nothing in it as <name .../>: for HTML's void
 * elements (meta, link), which have no end tag. */
void xml_writer_end_void(struct xml_writer *w);
/* Text as CDATA, for HTML: readers take it as it is, and feedd is spared
 * a second escaping of every item's body. A "]]>" inside is split across
 * two sections, so the text can never end the section early. */
void xml_writer_cdata(struct xml_writer *w, const char *text);
/* <name>text</name> */
void xml_writer_element(struct xml_writer *w, const char *name,
    const char *text);
/* Hands the bytes written so far to out, and goes on: what the caller
 * appends to out next sits between them and what follows. Returns 0, or
 * -1 when any step failed. */
int xml_writer_take(struct xml_writer *w, struct buffer *out);
/* Ends the document and hands its (remaining) bytes to out. Returns 0, or
 * -1 when any step failed. Frees the writer either way. */
int xml_writer_finish(struct xml_writer *w, struct buffer *out);

#endif
