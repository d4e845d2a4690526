#pragma once
#include <cstdint>
// The Controls dock: transport (play, step, speed), the limiter (kind and
// parameters; its size changes live), the collector (switching restarts the
// same workload) and a synthetic workload generator.
#include <QTimer>
#include <QWidget>

#include "live/workload.h"

class QCheckBox;
class QComboBox;
class QDoubleSpinBox;
class QFormLayout;
class QLabel;
class QPushButton;
class QSlider;
class QSpinBox;
class QToolButton;

namespace cs {
struct WorkloadFacts;
}

namespace cs::ui {

class WrappedLabel;

class LiveRunner;
class Session;

class ControlsPanel : public QWidget {
    Q_OBJECT
public:
    ControlsPanel(Session* session, LiveRunner* runner, QWidget* parent = nullptr);

    // Show the session's scenario (after a load or restart); emits nothing.
    void syncFromSession();
    const WorkloadSpec& workload() const { return workload_; }
    // Apply a limit edit still waiting for the slider to settle (tests, and
    // before a restart so that the edit is not lost).
    void flushLimitEdit();
    // Widgets the tests drive like a user would.
    QSpinBox* limitSpin() const { return limitSpin_; }
    QSlider* limitSlider() const { return limitSlider_; }
    QComboBox* collectorCombo() const { return collectKind_; }
    QComboBox* limitKindCombo() const { return limitKind_; }

private:
    QWidget* buildRun();
    QWidget* buildLimit();
    QWidget* buildCollector();
    QWidget* buildWorkload();
    void applyLimitKind();
    void applyLimitParams();
    void applyCollector();
    void applyWorkload();
    void onLimitEdited(int value);
    void applyLimit(int value);
    void updateLimitRows();
    void updateCollectorRows();
    void updateRunState();
    void showLiveLimit();

    Session* session_;
    LiveRunner* runner_;
    WorkloadSpec workload_;
    bool syncing_ = false;
    QTimer limitDebounce_;
    int pendingLimit_ = 0;

    QPushButton* play_ = nullptr;
    QLabel* speedLabel_ = nullptr;
    QSlider* speedSlider_ = nullptr;

    QFormLayout* limitForm_ = nullptr;
    QWidget* limitBox_ = nullptr;    // disabled for a recorded run: its limit was the program's
    QWidget* collectBox_ = nullptr;  // likewise its collector
    QComboBox* limitKind_ = nullptr;
    QLabel* limitLabel_ = nullptr;
    QSpinBox* limitSpin_ = nullptr;
    QSlider* limitSlider_ = nullptr;
    QWidget* limitRow_ = nullptr;
    QSpinBox* maxsize_ = nullptr;
    QSpinBox* pendingJobs_ = nullptr;
    QDoubleSpinBox* perSecond_ = nullptr;
    QSpinBox* adaptMin_ = nullptr;
    QSpinBox* adaptMax_ = nullptr;
    QDoubleSpinBox* latencyTarget_ = nullptr;
    QLabel* limitHint_ = nullptr;

    QFormLayout* collectForm_ = nullptr;
    QComboBox* collectKind_ = nullptr;
    QCheckBox* returnExceptions_ = nullptr;
    QComboBox* returnWhen_ = nullptr;
    QComboBox* onReturn_ = nullptr;
    QDoubleSpinBox* collectTimeout_ = nullptr;

    // The scenario on screen (lesson, example, file or generated), and
    // whether the fields below made it.
    WrappedLabel* workloadLine_ = nullptr;
    WrappedLabel* workloadHint_ = nullptr;
    std::uint64_t generated_ = 0;  // workloadFingerprint of what applyWorkload made (0: none yet)
    void describeWorkload();
    void seedWorkloadSettings(const cs::WorkloadFacts& f);
    QSpinBox* count_ = nullptr;
    QComboBox* dist_ = nullptr;
    QDoubleSpinBox* mean_ = nullptr;
    QDoubleSpinBox* spread_ = nullptr;
    QDoubleSpinBox* failure_ = nullptr;
    QDoubleSpinBox* arrivals_ = nullptr;
    QDoubleSpinBox* cpuShare_ = nullptr;
    QDoubleSpinBox* threadShare_ = nullptr;
    QSpinBox* seed_ = nullptr;
};

}  // namespace cs::ui
