#include "timeline/passes/density_pass.h"

#include <QCoreApplication>
#include <algorithm>

namespace cs::ui {

namespace {
inline QRgb blend(QRgb bg, QRgb fg, int alpha255) {
    const int a = alpha255, b = 255 - alpha255;
    return qRgb((qRed(fg) * a + qRed(bg) * b) / 255, (qGreen(fg) * a + qGreen(bg) * b) / 255,
                (qBlue(fg) * a + qBlue(bg) * b) / 255);
}
}  // namespace

void DensityPass::paint(PaintContext& ctx) {
    const TimelineLayout& L = ctx.layout;
    if (!L.folded || L.rows == 0) return;
    const TimelineModel& m = ctx.model;
    const int W = ctx.timeWidth();
    const auto rows = static_cast<int>(L.rows);
    const std::size_t stride = static_cast<std::size_t>(W) + 1;
    wait_.assign(stride * L.rows, 0);
    run_.assign(stride * L.rows, 0);
    fail_.assign(stride * L.rows, 0);

    // Hoisted time->column mapping: this loop runs once per task.
    const double begin = ctx.window.begin;
    const double k = W / std::max(1e-300, ctx.window.span());
    auto col = [&](double t) {
        const double x = (t - begin) * k;
        return x <= 0 ? 0 : x >= W ? W : static_cast<int>(x);
    };
    auto add = [&](std::vector<std::int32_t>& d, std::size_t row, double a, double b) {
        if (b < ctx.window.begin || a > ctx.window.end || !(b >= a)) return;
        const int x0 = col(a);
        int x1 = col(b) + 1;  // merge sub-pixel intervals into their column
        if (x1 > W) x1 = W;
        if (x1 <= x0) return;
        d[row * stride + static_cast<std::size_t>(x0)] += 1;
        d[row * stride + static_cast<std::size_t>(x1)] -= 1;
    };
    const std::size_t n = m.taskCount();
    for (std::size_t i = 0; i < n; ++i) {
        const double created = m.created(i);
        if (std::isnan(created)) continue;
        const std::size_t row = i / L.tasksPerRow;
        const double end = m.terminal(i);
        const double alive = ctx.endOr(end);
        const double req = m.request(i), run = m.running(i);
        if (!std::isnan(req)) add(wait_, row, req, std::isnan(run) ? alive : run);
        if (!std::isnan(run)) add(run_, row, run, alive);
        if (!std::isnan(end) && m.terminalKind(i) == EvKind::Failed && end >= begin && end <= ctx.window.end)
            fail_[row * stride + static_cast<std::size_t>(std::min(col(end), W - 1))] += 1;
    }

    if (image_.width() != W || image_.height() != rows)
        image_ = QImage(W, rows, QImage::Format_RGB32);
    const QRgb bg = ctx.palette.background.rgb();
    const QRgb cw = ctx.palette.waiting.rgb(), cr = ctx.palette.running.rgb(), cf = ctx.palette.failed.rgb();
    for (int r = 0; r < rows; ++r) {
        auto* line = reinterpret_cast<QRgb*>(image_.scanLine(r));
        const std::int32_t* dw = wait_.data() + static_cast<std::size_t>(r) * stride;
        const std::int32_t* dr = run_.data() + static_cast<std::size_t>(r) * stride;
        const std::int32_t* df = fail_.data() + static_cast<std::size_t>(r) * stride;
        const double inRow = static_cast<double>(
            std::min(L.tasksPerRow, n - std::min(n, static_cast<std::size_t>(r) * L.tasksPerRow)));
        std::int32_t w = 0, u = 0;
        for (int x = 0; x < W; ++x) {
            w += dw[x];
            u += dr[x];
            QRgb px = bg;
            if (const int active = w + u; active > 0) {
                const QRgb hue = blend(cw, cr, (255 * u) / active);
                const double share = std::min(1.0, active / std::max(1.0, inRow));
                px = blend(bg, hue, 70 + static_cast<int>(185.0 * share));
            }
            if (df[x] > 0) px = cf;
            line[x] = px;
        }
    }
    QPainter& p = ctx.painter;
    const QRect target(ctx.x0(), L.lanes.top(), W, rows * L.rowHeight);
    p.drawImage(target, image_);

    // Gutter: which tasks a row stands for, every few rows.
    p.setPen(ctx.palette.textDim);
    const int every = std::max(1, (p.fontMetrics().height() * 2) / std::max(1, L.rowHeight));
    for (int r = 0; r < rows; r += every) {
        const std::size_t first = static_cast<std::size_t>(r) * L.tasksPerRow;
        p.drawText(QRect(8, L.lanes.top() + r * L.rowHeight - 2, L.gutter - 14, p.fontMetrics().height()),
                   Qt::AlignLeft | Qt::AlignTop,
                   QCoreApplication::translate("cs::ui::DensityPass", "tasks %L1+").arg(first));
    }
}

}  // namespace cs::ui
