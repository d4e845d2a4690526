#pragma once
// The app's words for each limit kind and each collect kind (translated), in
// the order of model/kinds.h, which holds what the kinds are: the Controls
// panel's choices and labels, and the header's short description of the
// scenario on screen.
#include <QString>

#include "model/scenario.h"

namespace cs::ui {

// The Controls panel: the kind's name in its combo box, and the label of the
// one number it edits (Permits, Workers, Chunk size, …).
QString limitKindLabel(LimitKind k);
QString limitSizeLabel(LimitKind k);
QString collectKindLabel(CollectKind k);

// The header: "Semaphore(5)", "Queue + 4 workers", "gather()", "wait(FIRST_COMPLETED)", …
QString limitText(const Limit& l);
QString collectText(const Collect& c);
// "Semaphore(5) · gather()"; a limit whose own main() paces the tasks
// (queue, manual, chunks, scheduler) is shown alone: the collector is not used.
QString limitAndCollectText(const Limit& l, const Collect& c);

}  // namespace cs::ui
