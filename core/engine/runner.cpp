#include "engine/runner.h"

#include <QCoreApplication>
#include <QEventLoop>

namespace routemap {

AnalysisRunner::AnalysisRunner(QObject *parent)
    : QObject(parent)
{
    qRegisterMetaType<routemap::AnalysisPtr>();
    qRegisterMetaType<routemap::SourceStatus>();
    qRegisterMetaType<routemap::Snapshot>();
    m_pool.setMaxThreadCount(1);
}

AnalysisRunner::~AnalysisRunner()
{
    cancel();
    if (m_source) {
        m_source->disconnect(this);
        m_source->stop();
    }
    m_pool.waitForDone();
}

void AnalysisRunner::setSource(std::unique_ptr<Source> source, bool follow)
{
    clear();
    m_source = std::move(source);
    if (!m_source) {
        return;
    }
    connect(m_source.get(), &Source::snapshotReady, this, &AnalysisRunner::onSnapshot);
    connect(m_source.get(), &Source::statusChanged, this, &AnalysisRunner::statusChanged);
    m_source->start(follow);
}

void AnalysisRunner::clear()
{
    cancel();
    ++m_generation; // results still on their way are dropped
    if (m_source) {
        m_source->disconnect(this);
        m_source->stop();
        m_source.reset();
    }
    m_snapshot = Snapshot();
    m_hasSnapshot = false;
    m_latest.reset();
}

void AnalysisRunner::setOptions(const AnalysisOptions &options)
{
    if (options == m_options) {
        return;
    }
    m_options = options;
    if (m_hasSnapshot) {
        schedule();
    }
}

void AnalysisRunner::cancel()
{
    if (m_cancel) {
        m_cancel->store(true);
    }
}

void AnalysisRunner::waitForIdle()
{
    m_pool.waitForDone();
}

AnalysisPtr AnalysisRunner::runOnce(std::unique_ptr<Source> source, const AnalysisOptions &options,
                                    SourceStatus *status)
{
    AnalysisRunner runner;
    runner.setOptions(options);
    QEventLoop loop;
    AnalysisPtr result;
    SourceStatus last;
    connect(&runner, &AnalysisRunner::analysisReady, &loop, [&](const AnalysisPtr &analysis) {
        result = analysis;
        loop.quit();
    });
    connect(&runner, &AnalysisRunner::statusChanged, &loop, [&](const SourceStatus &s) {
        last = s;
        if (s.state == SourceStatus::State::Failed && !runner.isBusy()) {
            loop.quit();
        }
    });
    runner.setSource(std::move(source), false);
    // A source can fail inside start(), before the loop runs.
    if (!result && (!runner.source() || runner.source()->status().state != SourceStatus::State::Failed)) {
        loop.exec();
    }
    if (runner.source()) {
        last = runner.source()->status();
    }
    if (status) {
        *status = last;
    }
    if (last.state == SourceStatus::State::Failed) {
        return nullptr; // whatever the failed source still published is not an answer
    }
    if (!result && runner.isBusy()) {
        // The source failed while its last snapshot was analysed: wait for it.
        runner.waitForIdle();
        QCoreApplication::processEvents();
        result = runner.latest();
    }
    return result;
}

void AnalysisRunner::onSnapshot(const Snapshot &snapshot)
{
    m_snapshot = snapshot;
    m_hasSnapshot = true;
    schedule();
}

void AnalysisRunner::schedule()
{
    cancel(); // the job before this one is superseded
    const quint64 generation = ++m_generation;
    auto flag = std::make_shared<std::atomic_bool>(false);
    m_cancel = flag;
    ++m_running;
    emit analysing();
    const Snapshot snapshot = m_snapshot;
    const AnalysisOptions options = m_options;
    m_pool.start([this, generation, flag, snapshot, options]() {
        auto analysis = std::make_shared<Analysis>(analyse(snapshot, options, flag.get()));
        analysis->generation = generation;
        QMetaObject::invokeMethod(
            this, [this, generation, analysis]() { deliver(generation, analysis); }, Qt::QueuedConnection);
    });
}

void AnalysisRunner::deliver(quint64 generation, const AnalysisPtr &analysis)
{
    --m_running;
    if (generation != m_generation || !analysis || analysis->cancelled) {
        return; // superseded
    }
    m_latest = analysis;
    emit analysisReady(analysis);
}

} // namespace routemap
