#include "layout/layoutworker.h"

#include <QSignalSpy>
#include <QTest>

using namespace routemap;

namespace {

Topology pairTopology(const QString &prefix)
{
    Topology topology;
    TopoNode a;
    a.id = prefix + QStringLiteral("/svc");
    a.kind = NodeKind::Service;
    a.tier = Tier::Service;
    TopoNode b;
    b.id = prefix + QStringLiteral("/pods");
    b.kind = NodeKind::PodGroup;
    b.tier = Tier::Pods;
    TopoEdge edge;
    edge.id = a.id + QStringLiteral("->") + b.id;
    edge.from = a.id;
    edge.to = b.id;
    edge.label = QStringLiteral(":80");
    topology.nodes = {a, b};
    topology.edges = {edge};
    return topology;
}

// Enough work that a second request arrives while the first is still being laid out or queued.
Topology biggerTopology()
{
    Topology topology;
    for (int i = 0; i < 150; ++i) {
        const Topology pair = pairTopology(QStringLiteral("ns%1").arg(i));
        topology.nodes.append(pair.nodes);
        topology.edges.append(pair.edges);
    }
    return topology;
}

// Once the jobs are done, their results are already queued to the worker's thread: a marker queued after them
// arrives after every one of them.
void drainDeliveries(LayoutWorker &worker)
{
    bool drained = false;
    QMetaObject::invokeMethod(&worker, [&drained]() { drained = true; }, Qt::QueuedConnection);
    QTRY_VERIFY_WITH_TIMEOUT(drained, 10000);
}

} // namespace

class LayoutWorkerTest final : public QObject
{
    Q_OBJECT

private slots:
    void deliversOneLayout()
    {
        LayoutWorker worker;
        QSignalSpy spy(&worker, &LayoutWorker::layoutReady);
        const quint64 generation = worker.request(pairTopology(QStringLiteral("a")), LayoutOptions {});
        QCOMPARE(generation, quint64 {1});
        QCOMPARE(worker.latestGeneration(), generation);
        QTRY_COMPARE_WITH_TIMEOUT(spy.count(), 1, 10000);
        const QList<QVariant> args = spy.takeFirst();
        QCOMPARE(args.at(0).value<quint64>(), generation);
        const Topology topology = args.at(1).value<Topology>();
        const Layout layout = args.at(2).value<Layout>();
        QCOMPARE(topology.nodes.size(), 2);
        QCOMPARE(layout.nodes.size(), 2);
        QVERIFY(layout.nodes.contains(QStringLiteral("a/svc")));
        QVERIFY(layout.edges.value(QStringLiteral("a/svc->a/pods")).hasLabel);
    }

    void onlyTheLatestRequestIsDelivered()
    {
        LayoutWorker worker;
        QSignalSpy spy(&worker, &LayoutWorker::layoutReady);
        const quint64 first = worker.request(biggerTopology(), LayoutOptions {});
        const quint64 second = worker.request(pairTopology(QStringLiteral("latest")), LayoutOptions {});
        QVERIFY(second > first);
        QTRY_COMPARE_WITH_TIMEOUT(spy.count(), 1, 20000);
        // Give a stale result every chance to arrive late.
        worker.waitForIdle();
        drainDeliveries(worker);
        QCOMPARE(spy.count(), 1);
        const QList<QVariant> args = spy.takeFirst();
        QCOMPARE(args.at(0).value<quint64>(), second);
        QVERIFY(args.at(2).value<Layout>().nodes.contains(QStringLiteral("latest/svc")));
    }

    void staleResultInFlightIsDropped()
    {
        // The first job finishes before the second request, but its result has not reached the event
        // loop yet: it must still be dropped.
        LayoutWorker worker;
        QSignalSpy spy(&worker, &LayoutWorker::layoutReady);
        worker.request(pairTopology(QStringLiteral("old")), LayoutOptions {});
        worker.waitForIdle();
        const quint64 second = worker.request(pairTopology(QStringLiteral("new")), LayoutOptions {});
        QTRY_COMPARE_WITH_TIMEOUT(spy.count(), 1, 10000);
        worker.waitForIdle();
        drainDeliveries(worker);
        QCOMPARE(spy.count(), 1);
        QCOMPARE(spy.first().at(0).value<quint64>(), second);
    }

    void emptyTopologyGivesEmptyLayout()
    {
        LayoutWorker worker;
        QSignalSpy spy(&worker, &LayoutWorker::layoutReady);
        worker.request(Topology {}, LayoutOptions {});
        QTRY_COMPARE_WITH_TIMEOUT(spy.count(), 1, 10000);
        QVERIFY(spy.first().at(2).value<Layout>().isEmpty());
    }

    void destroyedWhileBusy()
    {
        auto worker = std::make_unique<LayoutWorker>();
        worker->request(biggerTopology(), LayoutOptions {});
        worker->request(biggerTopology(), LayoutOptions {});
        worker.reset(); // waits for the running job; nothing is delivered to a dead object
        QCoreApplication::processEvents();
        QVERIFY(!worker);
    }
};

QTEST_GUILESS_MAIN(LayoutWorkerTest)
#include "layoutworker_test.moc"
