// plan_format() on its own: how a format string is cut into literal text and argument fields,
// and which strings it leaves to fmt.
#include "format/format_plan.h"

#include <catch2/catch.hpp>

#include <string>

using ringlog::detail::cached_plan;
using ringlog::detail::FormatPlan;
using ringlog::detail::plan_format;

TEST_CASE("plain fields become pieces: the text before each, then its argument index") {
  const FormatPlan plan = plan_format("order {} qty {} done");
  CHECK_FALSE(plan.use_fmt);
  REQUIRE(plan.pieces.size() == 3);
  CHECK(plan.pieces[0].literal == "order ");
  CHECK(plan.pieces[0].arg == 0);
  CHECK(plan.pieces[0].field.empty());
  CHECK(plan.pieces[1].literal == " qty ");
  CHECK(plan.pieces[1].arg == 1);
  CHECK(plan.pieces[2].literal == " done");
  CHECK(plan.pieces[2].arg == -1);  // trailing text, no field
  CHECK(plan.max_arg == 2);
}

TEST_CASE("doubled braces are literal text, unescaped once") {
  const FormatPlan plan = plan_format("{{x}} = {}");
  CHECK_FALSE(plan.use_fmt);
  REQUIRE(plan.pieces.size() == 1);
  CHECK(plan.pieces[0].literal == "{x} = ");
  CHECK(plan.pieces[0].arg == 0);
}

TEST_CASE("a field with a spec keeps it for fmt as {:spec}") {
  const FormatPlan plan = plan_format("px {:>10.2f}|{:#x}");
  CHECK_FALSE(plan.use_fmt);
  REQUIRE(plan.pieces.size() == 2);
  CHECK(plan.pieces[0].field == "{:>10.2f}");
  CHECK(plan.pieces[1].literal == "|");
  CHECK(plan.pieces[1].field == "{:#x}");
}

TEST_CASE("explicit positions are kept, repeated or out of order, and max_arg covers them") {
  const FormatPlan plan = plan_format("{1} {0} {1:>3}");
  CHECK_FALSE(plan.use_fmt);
  REQUIRE(plan.pieces.size() == 3);
  CHECK(plan.pieces[0].arg == 1);
  CHECK(plan.pieces[1].arg == 0);
  CHECK(plan.pieces[2].arg == 1);
  CHECK(plan.pieces[2].field == "{:>3}");
  CHECK(plan.max_arg == 2);
}

TEST_CASE("no fields, or an empty string, is text alone") {
  const FormatPlan text = plan_format("just text");
  CHECK_FALSE(text.use_fmt);
  REQUIRE(text.pieces.size() == 1);
  CHECK(text.pieces[0].arg == -1);
  CHECK(text.max_arg == 0);
  const FormatPlan empty = plan_format("");
  CHECK_FALSE(empty.use_fmt);
  CHECK(empty.pieces.empty());
}

TEST_CASE("what the plan does not model is left to fmt") {
  CHECK(plan_format("{:{}}").use_fmt);    // nested width
  CHECK(plan_format("{:.{}f}").use_fmt);  // nested precision
  CHECK(plan_format("{name}").use_fmt);   // named field
  CHECK(plan_format("{0} {}").use_fmt);   // manual and automatic mixed
  CHECK(plan_format("{} {0}").use_fmt);
  CHECK(plan_format("open {").use_fmt);  // unclosed
  CHECK(plan_format("close } alone").use_fmt);
  CHECK(plan_format("{99999999}").use_fmt);  // an index no call has
}

TEST_CASE("the per-thread cache returns the plan of the text, not of an old address") {
  std::string text = "a {} b";
  const FormatPlan& first = cached_plan(text);
  REQUIRE(first.pieces.size() == 2);
  CHECK(first.pieces[0].literal == "a ");
  text[0] = 'z';  // same buffer, new text
  const FormatPlan& second = cached_plan(text);
  REQUIRE(second.pieces.size() == 2);
  CHECK(second.pieces[0].literal == "z ");
}
