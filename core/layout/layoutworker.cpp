#include "layout/layoutworker.h"

#include "layout/graphvizlayout.h"

#include <QMetaObject>

namespace routemap {

LayoutWorker::LayoutWorker(QObject *parent)
    : QObject(parent)
{
    qRegisterMetaType<routemap::Topology>("routemap::Topology");
    qRegisterMetaType<routemap::Layout>("routemap::Layout");
    m_pool.setMaxThreadCount(1);
    m_pool.setObjectName(QStringLiteral("routemap-layout"));
}

LayoutWorker::~LayoutWorker()
{
    // Nothing queued is worth finishing once nobody listens.
    m_latest.store(~quint64 {0});
    m_pool.clear();
    m_pool.waitForDone();
}

quint64 LayoutWorker::request(const Topology &topology, const LayoutOptions &options)
{
    const quint64 generation = ++m_latest;
    // Stale queued jobs would only delay this one.
    m_pool.clear();
    m_pool.start([this, generation, topology, options]() {
        if (generation != m_latest.load()) {
            return;
        }
        Layout layout = layoutTopology(topology, options);
        if (generation != m_latest.load()) {
            return;
        }
        QMetaObject::invokeMethod(
            this, [this, generation, topology, layout]() { deliver(generation, topology, layout); },
            Qt::QueuedConnection);
    });
    return generation;
}

void LayoutWorker::waitForIdle()
{
    m_pool.waitForDone();
}

void LayoutWorker::deliver(quint64 generation, const Topology &topology, const Layout &layout)
{
    // A newer request may have arrived while this result travelled to the event loop.
    if (generation == m_latest.load()) {
        emit layoutReady(generation, topology, layout);
    }
}

} // namespace routemap
