#pragma once
// Where a call chain, one long "word" to a line breaker, may wrap
// ("asyncio.wait(FIRST_COMPLETED)", "asyncio.to_thread(blocking_read,"):
// after a dot before a name (asyncio.|gather, never inside a number: 1.0)
// and after an opening bracket not followed by a space, never inside a
// name ("FIRST_COMPLE" / "TED"). Marked by a zero-width space, which
// nothing copied from the text may keep (Python refuses one in a program).
#include <QString>
#include <QStringView>

namespace cs::ui {

inline constexpr char16_t kCodeBreak = u'\u200B';

// Whether a break may go between text[i - 1] and text[i] (0 < i < size).
bool codeBreakBefore(QStringView text, qsizetype i);

// `text` with a kCodeBreak at each of those places.
QString withCodeBreaks(QStringView text);

}  // namespace cs::ui
