// AnswerTokens: a token is found only where it stands alone, in prose.
#include <catch2/catch.hpp>

#include "lessons/answer_tokens.h"

using cs::lessons::AnswerTokens;
using Tokens = std::vector<std::string>;

TEST_CASE("an answer token is found as a whole number or word, not inside another") {
    CHECK(AnswerTokens::foundIn("The nine jobs take **4.5 s**.", {"4.5"}) == Tokens{"4.5"});
    CHECK(AnswerTokens::foundIn("It ends at 14.5 s, or 4.55 s, or 0.45 s.", {"4.5"}).empty());
    CHECK(AnswerTokens::foundIn("Task 1 sleeps 0.1 s, then 1.0 s.", {"1"}) == Tokens{"1"});
    CHECK(AnswerTokens::foundIn("It sleeps 0.1 s, then 1.0 s, then 10 s.", {"1"}).empty());
    CHECK(AnswerTokens::foundIn("The counter ends at 1.", {"1"}) == Tokens{"1"});
    CHECK(AnswerTokens::foundIn("an ExceptionGroup escapes", {"exceptiongroup"}) == Tokens{"exceptiongroup"});
    CHECK(AnswerTokens::foundIn("a MyExceptionGroups class", {"ExceptionGroup"}).empty());
}

TEST_CASE("orders match whatever the list separator, and code does not count") {
    const Tokens order{"0, 2, 5, 6, 4, 1, 3"};
    CHECK(AnswerTokens::foundIn("They come out as **0, 2, 5, 6, 4, 1, 3**.", order) == order);
    CHECK(AnswerTokens::foundIn("顺序是 0、2、5、6、4、1、3。", order) == order);
    CHECK(AnswerTokens::foundIn("顺序是 0，2，5，6，4，1，3。", order) == order);
    CHECK(AnswerTokens::foundIn("They come out as 0, 2, 5, 6, 4, 1, 30.", order).empty());
    CHECK(AnswerTokens::foundIn("With `Semaphore(3)` and `await asyncio.sleep(4.5)`.", {"3", "4.5"}).empty());
    CHECK(AnswerTokens::foundIn("```\nsem = Semaphore(3)\n```\nthree at once", {"3"}).empty());
    // Chinese around a number still lets it stand alone.
    CHECK(AnswerTokens::foundIn("计数器最后是1。", {"1"}) == Tokens{"1"});
    CHECK(AnswerTokens::foundIn("计数器最后是 5，不是 1。", {"5", "1"}) == Tokens{"5", "1"});
}
