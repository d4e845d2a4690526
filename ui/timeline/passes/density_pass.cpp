#include "timeline/passes/density_pass.h"

#include <QCoreApplication>
#include <algorithm>
#include <cstring>
#include <limits>
#include <thread>

namespace cs::ui {

namespace {
// Density shades (of 255): a dark theme's least busy shade is the hue this
// much over the background; a light theme's most busy one is the hue this
// much towards black.
constexpr int kDimShade = 115;
constexpr int kDarkShade = 85;

inline QRgb blend(QRgb bg, QRgb fg, int alpha255) {
    const int a = alpha255, b = 255 - alpha255;
    return qRgb((qRed(fg) * a + qRed(bg) * b) / 255, (qGreen(fg) * a + qGreen(bg) * b) / 255,
                (qBlue(fg) * a + qBlue(bg) * b) / 255);
}
}  // namespace

std::uint8_t DensityPass::factsOf(const TimelineModel& m, std::size_t i) {
    if (std::isnan(m.created(i))) return 0;
    std::uint8_t f = Created;
    if (!std::isnan(m.request(i))) f |= Requested;
    if (!std::isnan(m.running(i))) f |= Ran;
    if (!std::isnan(m.terminal(i))) f |= Ended;
    return f;
}

// A closed interval covers the columns from its start's to its end's
// (sub-pixel intervals merge into their column).
void DensityPass::addClosed(std::int32_t* d, double a, double b, int sign) {
    if (b < begin_ || a > end_ || !(b >= a)) return;
    const int x0 = col(a);
    const int x1 = std::min(col(b) + 1, width_);
    if (x1 <= x0) return;
    d[x0] += sign;
    d[x1] -= sign;
    dirtyFrom_ = std::min(dirtyFrom_, x0);
}

// An open one ends at the live time: fillImage() closes it there (`open`
// counts the row's open intervals).
void DensityPass::addOpen(std::int32_t* d, std::int32_t& open, double a, int sign) {
    if (a > end_) return;
    const int x0 = col(a);
    d[x0] += sign;
    open += sign;
    dirtyFrom_ = std::min(dirtyFrom_, x0);
}

bool DensityPass::plain(const RunModel& run, std::size_t i, bool unasked) {
    const RunModel::Task& t = run.task(i);
    if (t.extraCount > 0) return false;
    // A recorded program's task runs its own code before it asks: its
    // segments draw that stretch busy.
    if (unasked && run.beforeAskAt(i, std::numeric_limits<double>::infinity()) > 0.0) return false;
    if (!std::isnan(t.request) || !std::isnan(t.running) || std::isnan(t.created)) return true;
    // Created, no request yet: arriving (plain, nothing to show) or running
    // from its creation (a recorded program's task that uses no limit).
    return run.stateAt(i, t.created) != TaskState::Running;
}

void DensityPass::apply(const TimelineModel& m, std::size_t i, std::uint8_t facts, int sign, std::size_t row) {
    if (row == kRowOfTask) row = i / key_.tasksPerRow;
    if (facts & Segmented) {
        applySegments(m, i, sign, row);
        return;
    }
    if (!(facts & Created)) return;
    std::int32_t* const w = wait_.data() + row * stride_;
    std::int32_t* const r = run_.data() + row * stride_;
    const double req = m.request(i), ran = m.running(i), end = m.terminal(i);
    if (facts & Requested) {
        if (facts & Ran)
            addClosed(w, req, ran, sign);
        else if (facts & Ended)
            addClosed(w, req, end, sign);
        else
            addOpen(w, openWait_[row], req, sign);
    }
    if (facts & Ran) {
        if (facts & Ended)
            addClosed(r, ran, end, sign);
        else
            addOpen(r, openRun_[row], ran, sign);
    }
    if ((facts & Ended) && end >= begin_ && end <= end_ && m.run().finalState(i) == TaskState::Failed) {
        const int x = std::min(col(end), width_ - 1);
        fail_[row * stride_ + static_cast<std::size_t>(x)] += sign;
        dirtyFrom_ = std::min(dirtyFrom_, x);
    }
}

void DensityPass::applySegments(const TimelineModel& m, std::size_t i, int sign, std::size_t row) {
    const RunModel& run = m.run();
    Contribution& c = pieces_[i];
    std::vector<Piece>& pieces = c.pieces;
    if (sign > 0) {
        pieces.clear();
        c.failColumn = -1;
        const double end = m.terminal(i);
        if (!std::isnan(end) && end >= begin_ && end <= end_ && run.finalState(i) == TaskState::Failed)
            c.failColumn = std::min(col(end), width_ - 1);
        // Cut at +inf: the open segment (a task not ended) ends at the live
        // time, whichever frame paints it.
        run.forEachSegment(
            i,
            [&](const Segment& seg) {
                switch (seg.state) {
                case TaskState::Waiting:
                case TaskState::SlotWait:  // (a rate limit's: not running yet)
                case TaskState::Queued:
                case TaskState::PoolWait:
                case TaskState::QueueGet:  // (a Queue worker idle in get(), a producer waiting in put())
                case TaskState::QueuePut:
                case TaskState::Frozen: pieces.push_back({seg.begin, seg.end, false}); break;
                case TaskState::Running:
                case TaskState::NoPermit:
                case TaskState::Thread:
                case TaskState::Process:
                case TaskState::Cpu: pieces.push_back({seg.begin, seg.end, true}); break;
                case TaskState::Arriving:  // a recorded program's runs its own code (StatePalette::drawnAs)
                    if (unasked_) pieces.push_back({seg.begin, seg.end, true});
                    break;
                default: break;  // not started, a scenario's arriving, ended
                }
            },
            std::numeric_limits<double>::infinity());
    }
    std::int32_t* const w = wait_.data() + row * stride_;
    std::int32_t* const r = run_.data() + row * stride_;
    for (const Piece& p : pieces) {
        std::int32_t* const d = p.running ? r : w;
        if (std::isinf(p.end))
            addOpen(d, (p.running ? openRun_ : openWait_)[row], p.begin, sign);
        else
            addClosed(d, p.begin, p.end, sign);
    }
    if (c.failColumn >= 0) {
        fail_[row * stride_ + static_cast<std::size_t>(c.failColumn)] += sign;
        dirtyFrom_ = std::min(dirtyFrom_, c.failColumn);
    }
    if (sign < 0) pieces_.erase(i);
}

void DensityPass::rebuild(const PaintContext& ctx) {
    const TimelineModel& m = ctx.model;
    const TimelineLayout& L = ctx.layout;
    key_ = {&m, m.epoch(), ctx.window.begin, ctx.window.end, ctx.timeWidth(), L.rows, L.tasksPerRow, m.taskCount()};
    begin_ = ctx.window.begin;
    end_ = ctx.window.end;
    width_ = ctx.timeWidth();
    k_ = width_ / std::max(1e-300, ctx.window.span());
    stride_ = static_cast<std::size_t>(width_) + 1;
    unasked_ = m.run().canHave().arrivingUnasked;
    wait_.assign(stride_ * L.rows, 0);
    run_.assign(stride_ * L.rows, 0);
    fail_.assign(stride_ * L.rows, 0);
    openWait_.assign(L.rows, 0);
    openRun_.assign(L.rows, 0);
    const std::size_t n = m.taskCount();
    facts_.assign(n, 0);
    pieces_.clear();
    const RunModel& run = m.run();
    // Row by row (no division per task), apply() inlined for the common
    // case: this loop runs over every task once per zoom level. Rows are
    // independent (each writes its own difference arrays and its tasks'
    // facts), so a large run splits them over two threads; the rare tasks
    // the inlined cases do not cover are applied afterwards, here.
    const double b0 = begin_, b1 = end_, k = k_;
    const bool unasked = unasked_;
    const int W = width_;  // locals: the int stores below could alias members
    const std::size_t perRow = L.tasksPerRow;
    std::uint8_t* facts = facts_.data();
    auto rowsOf = [&, b0, b1, k, unasked, W, perRow, facts](std::size_t rowBegin, std::size_t rowEnd,
                                                    std::vector<std::size_t>& rest) {
        for (std::size_t row = rowBegin; row < rowEnd; ++row) {
            const std::size_t first = row * perRow;
            const std::size_t last = std::min(n, first + perRow);
            std::int32_t* const w = wait_.data() + row * stride_;
            std::int32_t* const r = run_.data() + row * stride_;
            std::int32_t* const f = fail_.data() + row * stride_;
            for (std::size_t i = first; i < last; ++i) {
                const RunModel::Task& t = run.task(i);
                const double created = t.created, req = t.request, ran = t.running, end = t.end;
                // Requested, ran and ended (NaN fails every comparison), inside
                // or wholly outside the window: the common cases, tested without
                // short-circuits (which side a task falls on is a coin toss when
                // zoomed; a single branch on the outcome predicts well).
                // (A recorded program's task that ran its own code before it
                // asked is Segmented: plain().)
                const bool known = (ran >= req) & (end >= ran) & !std::isnan(created) & (t.extraCount == 0) &
                                   !(unasked & (created < req));
                if (known & (req >= b0) & (end <= b1)) {
                    facts[i] = Created | Requested | Ran | Ended;
                    const int xq = static_cast<int>((req - b0) * k);
                    const int xr = static_cast<int>((ran - b0) * k);
                    const int xe = static_cast<int>((end - b0) * k);
                    ++w[xq];
                    --w[std::min(xr + 1, W)];
                    ++r[xr];
                    --r[std::min(xe + 1, W)];
                    if (t.endKind == EvKind::Failed) ++f[std::min(xe, W - 1)];  // ended: finalState is its end kind
                    continue;
                }
                if (known & ((end < b0) | (req > b1))) {  // nothing to add
                    facts[i] = Created | Requested | Ran | Ended;
                    continue;
                }
                rest.push_back(i);
            }
        }
    };
    const std::size_t rows = perRow == 0 ? 0 : (n + perRow - 1) / perRow;
    std::vector<std::size_t> rest, restOther;
    if (n >= threadedFrom_ && rows >= 2 && std::thread::hardware_concurrency() >= 2) {
        const std::size_t mid = rows / 2;
        std::thread other([&] { rowsOf(mid, rows, restOther); });
        rowsOf(0, mid, rest);
        other.join();
        rest.insert(rest.end(), restOther.begin(), restOther.end());
    } else {
        rowsOf(0, rows, rest);
    }
    for (const std::size_t i : rest) {
        const std::uint8_t fi = plain(run, i, unasked) ? factsOf(m, i) : std::uint8_t{Segmented};
        facts[i] = fi;
        if (fi) apply(m, i, fi, +1, i / perRow);
    }
    seen_ = m.eventCount();
    dirtyFrom_ = 0;
}

void DensityPass::catchUp(const PaintContext& ctx) {
    // Only the per-task facts (created, request, running, terminal) move a
    // task's intervals; each touched task swaps its old contribution for its
    // current one (a task touched twice is swapped once).
    const TimelineModel& m = ctx.model;
    const TraceRecorder* src = m.source();
    if (!src) return;
    const std::size_t n = std::min(m.eventCount(), src->size());
    const TraceStore& store = src->store();
    for (std::size_t k = seen_; k < n; ++k) {
        // Which tasks the new events name; what they mean is the run model's.
        if (!isPerTask(store.kindAt(k))) continue;
        const std::int32_t task = store.taskAt(k);
        if (task < 0 || static_cast<std::size_t>(task) >= facts_.size()) continue;
        const auto i = static_cast<std::size_t>(task);
        // A Segmented task's segments may change with any of its events.
        const std::uint8_t f = plain(m.run(), i, unasked_) ? factsOf(m, i) : std::uint8_t{Segmented};
        if (f == facts_[i] && f != Segmented) continue;
        apply(m, i, facts_[i], -1);
        apply(m, i, f, +1);
        facts_[i] = f;
    }
    seen_ = std::max(seen_, n);
}

void DensityPass::fillImage(const PaintContext& ctx, int openEnd, int from) {
    const TimelineLayout& L = ctx.layout;
    const auto rows = static_cast<int>(L.rows);
    const int W = width_;
    // Full height (each row repeated rowHeight times) so that painting it is
    // a plain copy: a scaled drawImage costs more than the fill.
    const int rh = std::max(1, L.rowHeight);
    if (image_.width() != W || image_.height() != rows * rh) {
        image_ = QImage(W, rows * rh, QImage::Format_RGB32);
        from = 0;
    }
    from = std::clamp(from, 0, W);
    const QRgb bg = imageColours_[0], cw = imageColours_[1], cr = imageColours_[2], cf = imageColours_[3];
    // Pixel = the hue of the running share (waiting orange → running blue),
    // from its least to its most busy shade by the busy share: both from
    // tables, so a pixel costs one division. On a light background the
    // shades go from the hue to darker, never towards white: a faded
    // running blue would read as the thread pool's sky blue. On a dark one
    // they go from dim to the hue (dimming darkens, which is safe there).
    QRgb loOf[256], hiOf[256];
    const bool dark = qGray(bg) < 128;
    for (int a = 0; a < 256; ++a) {
        const QRgb hue = blend(cw, cr, a);
        loOf[a] = dark ? blend(bg, hue, kDimShade) : hue;
        hiOf[a] = dark ? hue : blend(hue, qRgb(0, 0, 0), kDarkShade);
    }
    const std::size_t n = key_.taskCount;
    double tableFor = -1.0;
    for (int r = 0; r < rows; ++r) {
        auto* line = reinterpret_cast<QRgb*>(image_.scanLine(r * rh));
        const std::int32_t* dw = wait_.data() + static_cast<std::size_t>(r) * stride_;
        const std::int32_t* dr = run_.data() + static_cast<std::size_t>(r) * stride_;
        const std::int32_t* df = fail_.data() + static_cast<std::size_t>(r) * stride_;
        const double inRow = static_cast<double>(
            std::min(L.tasksPerRow, n - std::min(n, static_cast<std::size_t>(r) * L.tasksPerRow)));
        if (inRow != tableFor) {
            // Shade for `active` intervals in a row of inRow tasks (share capped at 1).
            tableFor = inRow;
            const auto top = static_cast<std::size_t>(std::max(1.0, inRow));
            alphaOf_.resize(top + 1);
            for (std::size_t a = 0; a <= top; ++a) {
                const double share = std::min(1.0, static_cast<double>(a) / std::max(1.0, inRow));
                alphaOf_[a] = static_cast<std::uint8_t>(std::lround(255.0 * share));
            }
        }
        const auto maxActive = static_cast<std::int32_t>(alphaOf_.size() - 1);
        // Columns before `from` are as the image shows them: only their counts.
        std::int32_t w = 0, u = 0;
        for (int x = 0; x < from; ++x) {
            w += dw[x];
            u += dr[x];
        }
        if (openEnd < from) {
            w -= openWait_[static_cast<std::size_t>(r)];
            u -= openRun_[static_cast<std::size_t>(r)];
        }
        QRgb base = bg;  // the pixel for the current counts, failures aside
        bool first = true;
        for (int x = from; x < W; ++x) {
            bool changed = first;
            first = false;
            if (x == openEnd) {
                w -= openWait_[static_cast<std::size_t>(r)];
                u -= openRun_[static_cast<std::size_t>(r)];
                changed = true;
            }
            if (dw[x] | dr[x]) {
                w += dw[x];
                u += dr[x];
                changed = true;
            }
            if (changed) {
                base = bg;
                if (const std::int32_t active = w + u; active > 0) {
                    const std::int32_t a = std::clamp<std::int32_t>((255 * u) / active, 0, 255);
                    base = blend(loOf[a], hiOf[a], alphaOf_[static_cast<std::size_t>(std::min(active, maxActive))]);
                }
            }
            line[x] = df[x] > 0 ? cf : base;
        }
        for (int y = 1; y < rh && from < W; ++y)
            std::memcpy(reinterpret_cast<QRgb*>(image_.scanLine(r * rh + y)) + from, line + from,
                        static_cast<std::size_t>(W - from) * sizeof(QRgb));
    }
    dirtyFrom_ = std::numeric_limits<int>::max();
    imageOpenEnd_ = openEnd;
}

void DensityPass::paint(PaintContext& ctx) {
    const TimelineLayout& L = ctx.layout;
    if (!L.folded || L.rows == 0) return;
    const TimelineModel& m = ctx.model;
    const Key key{&m, m.epoch(), ctx.window.begin, ctx.window.end, ctx.timeWidth(), L.rows, L.tasksPerRow,
                  m.taskCount()};
    if (!(key == key_))
        rebuild(ctx);
    else
        catchUp(ctx);

    // Open intervals end at the live time's column (invisible when the
    // window starts after it).
    const int openEnd = std::isnan(ctx.now) ? width_ : ctx.now < begin_ ? 0 : std::min(col(ctx.now) + 1, width_);
    const bool anyOpen = std::any_of(openWait_.begin(), openWait_.end(), [](std::int32_t c) { return c != 0; }) ||
                         std::any_of(openRun_.begin(), openRun_.end(), [](std::int32_t c) { return c != 0; });
    const QRgb colours[4] = {ctx.palette.background.rgb(), ctx.palette.waiting.rgb(), ctx.palette.running.rgb(),
                             ctx.palette.failed.rgb()};
    if (!std::equal(colours, colours + 4, imageColours_)) {
        std::copy(colours, colours + 4, imageColours_);
        dirtyFrom_ = 0;
    }
    // Refill from the first column that changed: where appended events moved
    // intervals, or where open intervals ended before and end now.
    int from = dirtyFrom_;
    if (anyOpen && openEnd != imageOpenEnd_) from = std::min({from, openEnd, std::max(0, imageOpenEnd_)});
    if (image_.width() != width_ || image_.height() != static_cast<int>(L.rows) * std::max(1, L.rowHeight)) from = 0;
    if (from < width_) fillImage(ctx, openEnd, from);

    QPainter& p = ctx.painter;
    p.drawImage(QPoint(ctx.x0(), L.lanes.top()), image_);

    // Gutter: the range of tasks a group of rows stands for ("tasks
    // 200–399"), one group per label's height; the hovered row's own range
    // on top of them.
    const std::size_t n = m.taskCount();
    const int th = p.fontMetrics().height();
    const std::size_t every = L.labelStride(th);
    const int room = L.gutter - 22;
    auto text = [&](std::size_t first, std::size_t last, bool named) {
        if (first == last) return QCoreApplication::translate("cs::ui::DensityPass", "task %L1").arg(first);
        return named ? QCoreApplication::translate("cs::ui::DensityPass", "tasks %L1–%L2").arg(first).arg(last)
                     : QStringLiteral("%L1–%L2").arg(first).arg(last);
    };
    // "tasks 10,000–12,499" on every label, or the bare ranges on every one
    // when the widest (the last) does not fit the gutter.
    const bool named = p.fontMetrics().horizontalAdvance(text(n - 1 - (n - 1) % (every * L.tasksPerRow), n - 1, true)) <= room;
    auto range = [&](std::size_t row, std::size_t rows) {
        const std::size_t first = row * L.tasksPerRow;
        return text(first, std::min(n, (row + rows) * L.tasksPerRow) - 1, named);
    };
    auto label = [&](std::size_t row, std::size_t rows, bool onBacking) {
        const int y = L.lanes.top() + static_cast<int>(row) * L.rowHeight;
        const int top = std::clamp(y, L.lanes.top(), std::max(L.lanes.top(), L.lanes.bottom() + 1 - th));
        if (onBacking) p.fillRect(QRect(0, top, L.gutter - 1, th), ctx.palette.gutter);
        p.setPen(onBacking ? ctx.palette.text : ctx.palette.textDim);
        p.drawText(QRect(8, top, room, th), Qt::AlignLeft | Qt::AlignVCenter,
                   p.fontMetrics().elidedText(range(row, rows), Qt::ElideRight, room));
        // The rows it stands for, as a bracket by the lanes.
        const int h = static_cast<int>(std::min(rows, L.rows - row)) * L.rowHeight;
        p.drawLine(L.gutter - 4, y, L.gutter - 4, y + std::max(1, h) - 1);
    };
    for (std::size_t r = 0; r < L.rows; r += every) label(r, every, false);
    if (ctx.hoverTask >= 0 && static_cast<std::size_t>(ctx.hoverTask) < n)
        label(static_cast<std::size_t>(ctx.hoverTask) / L.tasksPerRow, 1, true);
}

}  // namespace cs::ui
