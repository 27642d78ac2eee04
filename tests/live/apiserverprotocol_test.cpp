// The test API server at the HTTP level: list and watch semantics, errors, injected faults, restarts and
// the request log, checked with raw requests (tests/apiserver/probe.py) and the control channel.
#include "apiserverfixture.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSet>
#include <QTest>

using namespace routemap::testing;

namespace {

// The JSON events of a watch reply, one per body line (an unparsable line becomes an empty object).
QList<QJsonObject> events(const QJsonObject &reply)
{
    QList<QJsonObject> out;
    for (const QJsonValue &line : reply.value(QStringLiteral("lines")).toArray()) {
        out << QJsonDocument::fromJson(line.toString().toUtf8()).object();
    }
    return out;
}

QStringList eventTypes(const QList<QJsonObject> &list)
{
    QStringList types;
    for (const QJsonObject &e : list) {
        types << e.value(QStringLiteral("type")).toString();
    }
    return types;
}

} // namespace

class ApiServerProtocolTest : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();

    void list_itemsAndPagination();
    void list_emptyHasItemsArray();
    void list_expiredContinueGives410();
    void list_selectors_data();
    void list_selectors();
    void metadataOnly_secretsCarryNoData();
    void watch_startPoints_data();
    void watch_startPoints();
    void watch_bookmarksOnlyWhenAsked();
    void watch_tooOldGivesErrorEvent();
    void watch_droppedByCommand();
    void errors_data();
    void errors();
    void faults_data();
    void faults();
    void list_largeResponsesAreGzipped();
    void restart_keepsState();
    void requestLog_recordsEveryRequest();
    void gatewayModes_data();
    void gatewayModes();
    void bind_refusesNonLoopback();

private:
    TestApiServer m_server;
};

void ApiServerProtocolTest::initTestCase()
{
    ROUTEMAP_START_APISERVER(m_server);
    QVERIFY(applyProtocolFixture(m_server));
}

void ApiServerProtocolTest::init()
{
    QVERIFY(replyOk(m_server.command(QStringLiteral("fault"), {{QStringLiteral("type"), QStringLiteral("clear")}})));
}

void ApiServerProtocolTest::list_itemsAndPagination()
{
    const QString path = QStringLiteral("/api/v1/namespaces/proto/pods");
    const QJsonObject all = m_server.request(path).value(QStringLiteral("json")).toObject();
    QCOMPARE(all.value(QStringLiteral("kind")).toString(), QStringLiteral("PodList"));
    const QString listRv = all[QStringLiteral("metadata")][QStringLiteral("resourceVersion")].toString();
    QVERIFY(!listRv.isEmpty());
    QStringList expected;
    for (const QJsonValue &item : all.value(QStringLiteral("items")).toArray()) {
        QVERIFY(!item.toObject().contains(QStringLiteral("kind")));
        QVERIFY(!item.toObject().contains(QStringLiteral("apiVersion")));
        expected << nameOf(item);
    }
    QVERIFY(expected.size() >= 8);

    QStringList paged;
    QString token;
    int pages = 0;
    do {
        const QString query
            = token.isEmpty() ? QStringLiteral("?limit=3") : QStringLiteral("?limit=3&continue=") + token;
        const QJsonObject page = m_server.request(path + query).value(QStringLiteral("json")).toObject();
        QCOMPARE(page[QStringLiteral("metadata")][QStringLiteral("resourceVersion")].toString(), listRv);
        for (const QJsonValue &item : page.value(QStringLiteral("items")).toArray()) {
            paged << nameOf(item);
        }
        token = page[QStringLiteral("metadata")][QStringLiteral("continue")].toString();
        QVERIFY(++pages < 20);
    } while (!token.isEmpty());
    QCOMPARE(pages, int((expected.size() + 2) / 3));
    QCOMPARE(paged, expected);
}

void ApiServerProtocolTest::list_emptyHasItemsArray()
{
    const QJsonObject reply = m_server.request(QStringLiteral("/api/v1/namespaces/proto/configmaps"));
    QCOMPARE(reply.value(QStringLiteral("status")).toInt(), 200);
    const QJsonObject body = reply.value(QStringLiteral("json")).toObject();
    QVERIFY(body.value(QStringLiteral("items")).isArray());
    QCOMPARE(body.value(QStringLiteral("items")).toArray().size(), 0);
}

void ApiServerProtocolTest::list_expiredContinueGives410()
{
    const QString path = QStringLiteral("/api/v1/namespaces/proto/pods?limit=2");
    const QJsonObject first = m_server.request(path).value(QStringLiteral("json")).toObject();
    const QString token = first[QStringLiteral("metadata")][QStringLiteral("continue")].toString();
    QVERIFY(!token.isEmpty());
    QVERIFY(replyOk(m_server.command(QStringLiteral("expire_continue"))));
    const QJsonObject reply = m_server.request(path + QStringLiteral("&continue=") + token);
    QCOMPARE(reply.value(QStringLiteral("status")).toInt(), 410);
    const QJsonObject status = reply.value(QStringLiteral("json")).toObject();
    QCOMPARE(status.value(QStringLiteral("kind")).toString(), QStringLiteral("Status"));
    QCOMPARE(status.value(QStringLiteral("reason")).toString(), QStringLiteral("Expired"));
    QCOMPARE(status.value(QStringLiteral("code")).toInt(), 410);

    // The continue_expired fault expires one valid token; the token after it works again.
    const QString fresh
        = m_server.request(path)[QStringLiteral("json")][QStringLiteral("metadata")][QStringLiteral("continue")]
              .toString();
    QVERIFY(replyOk(
        m_server.command(QStringLiteral("fault"), {{QStringLiteral("type"), QStringLiteral("continue_expired")}})));
    QCOMPARE(
        m_server.request(path + QStringLiteral("&continue=") + fresh).value(QStringLiteral("status")).toInt(), 410);
    QCOMPARE(
        m_server.request(path + QStringLiteral("&continue=") + fresh).value(QStringLiteral("status")).toInt(), 200);
}

// drop_watches cuts open streams mid-body, as a restarting server or a proxy does.
void ApiServerProtocolTest::watch_droppedByCommand()
{
    const QJsonObject drop {{QStringLiteral("cmd"), QStringLiteral("drop_watches")},
        {QStringLiteral("resource"), QStringLiteral("secrets")}};
    QVERIFY(replyOk(m_server.command(QStringLiteral("when_watched"),
        {{QStringLiteral("resource"), QStringLiteral("secrets")}, {QStringLiteral("then"), drop}})));
    const QJsonObject reply
        = m_server.request(QStringLiteral("/api/v1/namespaces/proto/secrets?watch=1&timeoutSeconds=10"));
    QCOMPARE(reply.value(QStringLiteral("status")).toInt(), 200);
    QCOMPARE(reply.value(QStringLiteral("complete")).toBool(), false);
    QCOMPARE(eventTypes(events(reply)), (QStringList {QStringLiteral("ADDED"), QStringLiteral("ADDED")}));
}

void ApiServerProtocolTest::list_selectors_data()
{
    QTest::addColumn<QString>("query");
    QTest::addColumn<QStringList>("names");
    const QString pods = QStringLiteral("/api/v1/namespaces/proto/pods?");
    QTest::addRow("equality") << pods + QStringLiteral("labelSelector=app%3Dmixed")
                              << QStringList {
                                     QStringLiteral("mixed-a"), QStringLiteral("mixed-b"), QStringLiteral("mixed-c")};
    QTest::addRow("set-based in") << pods + QStringLiteral("labelSelector=app%20in%20(db,mixed),app!%3Dmixed")
                                  << QStringList {QStringLiteral("db-0"), QStringLiteral("db-1")};
    QTest::addRow("exists") << pods + QStringLiteral("labelSelector=statefulset.kubernetes.io/pod-name")
                            << QStringList {QStringLiteral("db-0"), QStringLiteral("db-1")};
    QTest::addRow("field name") << pods + QStringLiteral("fieldSelector=metadata.name%3Dmixed-b")
                                << QStringList {QStringLiteral("mixed-b")};
    QTest::addRow("secret type") << QStringLiteral("/api/v1/secrets?fieldSelector=type%3Dkubernetes.io/tls")
                                 << QStringList {QStringLiteral("web-tls")};
    QTest::addRow("namespace field") << QStringLiteral("/api/v1/secrets?fieldSelector=metadata.namespace%3Dproto")
                                     << QStringList {QStringLiteral("db-password"), QStringLiteral("web-tls")};
}

void ApiServerProtocolTest::list_selectors()
{
    QFETCH(QString, query);
    QFETCH(QStringList, names);
    const QJsonObject reply = m_server.request(query);
    QCOMPARE(reply.value(QStringLiteral("status")).toInt(), 200);
    QStringList got;
    for (const QJsonValue &item : reply[QStringLiteral("json")][QStringLiteral("items")].toArray()) {
        got << nameOf(item);
    }
    got.sort();
    QCOMPARE(got, names);
}

// §1.4: Accept as=PartialObjectMetadataList gives names without data (and without the Secret type).
void ApiServerProtocolTest::metadataOnly_secretsCarryNoData()
{
    TestApiServer::Request request;
    request.accept
        = QStringLiteral("application/json;as=PartialObjectMetadataList;g=meta.k8s.io;v=v1,application/json");
    const QJsonObject reply = m_server.request(QStringLiteral("/api/v1/namespaces/proto/secrets"), request);
    QCOMPARE(reply.value(QStringLiteral("status")).toInt(), 200);
    const QJsonObject body = reply.value(QStringLiteral("json")).toObject();
    QCOMPARE(body.value(QStringLiteral("kind")).toString(), QStringLiteral("PartialObjectMetadataList"));
    QCOMPARE(body.value(QStringLiteral("apiVersion")).toString(), QStringLiteral("meta.k8s.io/v1"));
    const QJsonArray items = body.value(QStringLiteral("items")).toArray();
    QCOMPARE(items.size(), 2);
    for (const QJsonValue &item : items) {
        QCOMPARE(item[QStringLiteral("kind")].toString(), QStringLiteral("PartialObjectMetadata"));
        QVERIFY(!item.toObject().contains(QStringLiteral("data")));
        QVERIFY(!item.toObject().contains(QStringLiteral("type")));
    }
    const QJsonArray raw = reply.value(QStringLiteral("lines")).toArray();
    QVERIFY(!raw.first().toString().contains(QLatin1String("aHVudGVyMg==")));

    request.accept = QStringLiteral("application/json;as=PartialObjectMetadata;g=meta.k8s.io;v=v1");
    const QJsonObject watch
        = m_server.request(QStringLiteral("/api/v1/namespaces/proto/secrets?watch=1&timeoutSeconds=1"), request);
    const QList<QJsonObject> evs = events(watch);
    QCOMPARE(evs.size(), 2);
    for (const QJsonObject &e : evs) {
        QCOMPARE(
            e[QStringLiteral("object")][QStringLiteral("kind")].toString(), QStringLiteral("PartialObjectMetadata"));
        QVERIFY(!e[QStringLiteral("object")].toObject().contains(QStringLiteral("data")));
    }
}

void ApiServerProtocolTest::watch_startPoints_data()
{
    QTest::addColumn<QString>("query");
    QTest::addColumn<bool>("initialEvents");
    QTest::addRow("rv unset, watch=1") << QStringLiteral("watch=1") << true;
    QTest::addRow("rv 0, watch=true") << QStringLiteral("watch=true&resourceVersion=0") << true;
    QTest::addRow("rv 0, watch=True") << QStringLiteral("watch=True&resourceVersion=0") << true;
    QTest::addRow("rv current") << QStringLiteral("watch=1&resourceVersion=CURRENT") << false;
}

// §3.1: 200, chunked, one event per line ending in a newline, ADDED for existing objects only without an
// RV; the stream ends cleanly at timeoutSeconds.
void ApiServerProtocolTest::watch_startPoints()
{
    QFETCH(QString, query);
    QFETCH(bool, initialEvents);
    const QString rv = m_server.command(QStringLiteral("ping")).value(QStringLiteral("rv")).toString();
    query.replace(QLatin1String("CURRENT"), rv);
    const QJsonObject reply
        = m_server.request(QStringLiteral("/api/v1/namespaces/proto/secrets?timeoutSeconds=1&") + query);
    QCOMPARE(reply.value(QStringLiteral("status")).toInt(), 200);
    QVERIFY(reply.value(QStringLiteral("chunked")).toBool());
    QVERIFY(reply.value(QStringLiteral("complete")).toBool());
    const QList<QJsonObject> evs = events(reply);
    if (initialEvents) {
        QCOMPARE(eventTypes(evs), (QStringList {QStringLiteral("ADDED"), QStringLiteral("ADDED")}));
        QVERIFY(reply.value(QStringLiteral("trailingNewline")).toBool());
        QCOMPARE(evs.first()[QStringLiteral("object")][QStringLiteral("kind")].toString(), QStringLiteral("Secret"));
    } else {
        QVERIFY(evs.isEmpty());
    }
}

void ApiServerProtocolTest::watch_bookmarksOnlyWhenAsked()
{
    QVERIFY(replyOk(m_server.command(QStringLiteral("config"), {{QStringLiteral("bookmarkInterval"), 0.3}})));
    const QString rv = m_server.command(QStringLiteral("ping")).value(QStringLiteral("rv")).toString();
    const QString path = QStringLiteral("/api/v1/namespaces/proto/pods?watch=1&timeoutSeconds=1&resourceVersion=") + rv;
    const QList<QJsonObject> with = events(m_server.request(path + QStringLiteral("&allowWatchBookmarks=true")));
    const QList<QJsonObject> without = events(m_server.request(path));
    QVERIFY(replyOk(m_server.command(QStringLiteral("config"), {{QStringLiteral("bookmarkInterval"), 1}})));
    QVERIFY(!with.isEmpty());
    for (const QJsonObject &e : with) {
        QCOMPARE(e.value(QStringLiteral("type")).toString(), QStringLiteral("BOOKMARK"));
        QCOMPARE(e[QStringLiteral("object")][QStringLiteral("kind")].toString(), QStringLiteral("Pod"));
        QCOMPARE(
            e[QStringLiteral("object")][QStringLiteral("metadata")][QStringLiteral("resourceVersion")].toString(), rv);
    }
    QVERIFY(without.isEmpty());
}

// §3.3: a watch from an RV older than the kept history gets 200 and one ERROR event with code 410.
void ApiServerProtocolTest::watch_tooOldGivesErrorEvent()
{
    QVERIFY(replyOk(m_server.command(QStringLiteral("compact"))));
    const QJsonObject reply = m_server.request(QStringLiteral("/api/v1/pods?watch=1&resourceVersion=2"));
    QCOMPARE(reply.value(QStringLiteral("status")).toInt(), 200);
    QVERIFY(reply.value(QStringLiteral("complete")).toBool());
    const QList<QJsonObject> evs = events(reply);
    QCOMPARE(eventTypes(evs), QStringList {QStringLiteral("ERROR")});
    const QJsonObject status = evs.first().value(QStringLiteral("object")).toObject();
    QCOMPARE(status.value(QStringLiteral("code")).toInt(), 410);
    QCOMPARE(status.value(QStringLiteral("reason")).toString(), QStringLiteral("Expired"));
    QVERIFY(
        status.value(QStringLiteral("message")).toString().startsWith(QLatin1String("too old resource version: 2 (")));
}

void ApiServerProtocolTest::errors_data()
{
    QTest::addColumn<QString>("path");
    QTest::addColumn<QString>("token");
    QTest::addColumn<bool>("anonymous");
    QTest::addColumn<int>("status");
    QTest::addColumn<QString>("reason");
    QTest::addColumn<QString>("message");
    QTest::addRow("object not found") << QStringLiteral("/api/v1/namespaces/proto/pods/nope") << QString() << false
                                      << 404 << QStringLiteral("NotFound") << QStringLiteral("pods \"nope\" not found");
    QTest::addRow("unknown path") << QStringLiteral("/apis/example.com/v1") << QString() << false << 404 << QString()
                                  << QStringLiteral("404 page not found");
    QTest::addRow("bad token") << QStringLiteral("/api/v1/pods") << QStringLiteral("wrong") << false << 401
                               << QStringLiteral("Unauthorized") << QStringLiteral("Unauthorized");
    QTest::addRow("anonymous resource") << QStringLiteral("/api/v1/pods") << QString() << true << 401
                                        << QStringLiteral("Unauthorized") << QStringLiteral("Unauthorized");
    QTest::addRow("anonymous version") << QStringLiteral("/version") << QString() << true << 200 << QString()
                                       << QString();
    QTest::addRow("resourceVersionMatch without RV")
        << QStringLiteral("/api/v1/pods?resourceVersionMatch=NotOlderThan") << QString() << false << 422
        << QStringLiteral("Invalid")
        << QStringLiteral("ListOptions.meta.k8s.io \"\" is invalid: resourceVersionMatch: Forbidden: "
                          "resourceVersionMatch is forbidden unless resourceVersion is provided");
    QTest::addRow("restricted secrets")
        << QStringLiteral("/api/v1/namespaces/proto/secrets") << QStringLiteral("routemap-restricted-token") << false
        << 403 << QStringLiteral("Forbidden")
        << QStringLiteral(
               "secrets is forbidden: User \"restricted\" cannot list resource \"secrets\" in API group \"\" "
               "in the namespace \"proto\"");
    QTest::addRow("restricted write")
        << QStringLiteral("/apis/networking.k8s.io/v1/ingresses") << QStringLiteral("routemap-restricted-token")
        << false << 403 << QStringLiteral("Forbidden")
        << QStringLiteral("ingresses.networking.k8s.io is forbidden: User \"restricted\" cannot create resource "
                          "\"ingresses\" in API group \"networking.k8s.io\" at the cluster scope");
}

void ApiServerProtocolTest::errors()
{
    QFETCH(QString, path);
    QFETCH(QString, token);
    QFETCH(bool, anonymous);
    QFETCH(int, status);
    QFETCH(QString, reason);
    QFETCH(QString, message);
    TestApiServer::Request request;
    request.token = token;
    request.anonymous = anonymous;
    if (QByteArray(QTest::currentDataTag()) == "restricted write") {
        request.method = QStringLiteral("POST");
        request.body = R"({"apiVersion":"networking.k8s.io/v1","kind":"Ingress","metadata":{"name":"x"}})";
    }
    const QJsonObject reply = m_server.request(path, request);
    QCOMPARE(reply.value(QStringLiteral("status")).toInt(), status);
    if (reason.isEmpty() && !message.isEmpty()) {
        QVERIFY(reply.value(QStringLiteral("contentType")).toString().startsWith(QLatin1String("text/plain")));
        QCOMPARE(reply.value(QStringLiteral("lines")).toArray().first().toString(), message);
    } else if (!reason.isEmpty()) {
        const QJsonObject body = reply.value(QStringLiteral("json")).toObject();
        QCOMPARE(body.value(QStringLiteral("kind")).toString(), QStringLiteral("Status"));
        QCOMPARE(body.value(QStringLiteral("code")).toInt(), status);
        QCOMPARE(body.value(QStringLiteral("reason")).toString(), reason);
        QCOMPARE(body.value(QStringLiteral("message")).toString(), message);
    }
}

void ApiServerProtocolTest::faults_data()
{
    QTest::addColumn<QJsonObject>("fault");
    QTest::addColumn<QString>("path");
    QTest::addColumn<int>("status");
    QTest::addColumn<bool>("complete");
    QTest::addColumn<QStringList>("types"); // event types, "?" for a line that is not JSON
    const QString list = QStringLiteral("/api/v1/namespaces/proto/secrets");
    const QString watch = list + QStringLiteral("?watch=1&timeoutSeconds=1");
    auto fault = [](const char *type) { return QJsonObject {{QStringLiteral("type"), QString::fromLatin1(type)}}; };
    QTest::addRow("429") << fault("http429") << list << 429 << true << QStringList();
    QTest::addRow("500") << fault("http500") << list << 500 << true << QStringList();
    QTest::addRow("503") << fault("http503") << list << 503 << true << QStringList();
    QJsonObject delay = fault("delay");
    delay.insert(QStringLiteral("ms"), 300);
    QTest::addRow("delay") << delay << list << 200 << true << QStringList();
    QJsonObject drop = fault("watch_drop");
    drop.insert(QStringLiteral("afterEvents"), 1);
    QTest::addRow("watch dropped") << drop << watch << 200 << false << QStringList {QStringLiteral("ADDED")};
    QTest::addRow("watch truncated") << fault("watch_truncate") << watch << 200 << false
                                     << QStringList {QStringLiteral("?")};
    QTest::addRow("watch malformed") << fault("watch_malformed") << watch << 200 << true
                                     << QStringList {
                                            QStringLiteral("?"), QStringLiteral("ADDED"), QStringLiteral("ADDED")};
    QTest::addRow("watch 410") << fault("watch_410") << watch << 200 << true << QStringList {QStringLiteral("ERROR")};
    QJsonObject other = fault("http500");
    other.insert(QStringLiteral("match"), QJsonObject {{QStringLiteral("resource"), QStringLiteral("pods")}});
    QTest::addRow("match other resource") << other << list << 200 << true << QStringList();
}

void ApiServerProtocolTest::faults()
{
    QFETCH(QJsonObject, fault);
    QFETCH(QString, path);
    QFETCH(int, status);
    QFETCH(bool, complete);
    QFETCH(QStringList, types);
    QVERIFY(replyOk(m_server.command(QStringLiteral("fault"), fault)));
    const QJsonObject reply = m_server.request(path);
    QCOMPARE(reply.value(QStringLiteral("status")).toInt(), status);
    QCOMPARE(reply.value(QStringLiteral("complete")).toBool(), complete);
    if (status == 429) {
        QCOMPARE(reply.value(QStringLiteral("retryAfter")).toString(), QStringLiteral("1"));
        QVERIFY(reply.value(QStringLiteral("contentType")).toString().startsWith(QLatin1String("text/plain")));
    } else if (status >= 500) {
        QCOMPARE(reply[QStringLiteral("json")][QStringLiteral("kind")].toString(), QStringLiteral("Status"));
    }
    if (path.contains(QLatin1String("watch"))) {
        QStringList got;
        for (const QJsonObject &e : events(reply)) {
            got << (e.isEmpty() ? QStringLiteral("?") : e.value(QStringLiteral("type")).toString());
        }
        QCOMPARE(got, types);
    }
    // Faults are one-shot by default: the next request is normal again.
    QCOMPARE(m_server.request(path.section(u'?', 0, 0)).value(QStringLiteral("status")).toInt(), 200);
}

// kube-apiserver gzips responses of 128 KiB and more for clients that accept it.
void ApiServerProtocolTest::list_largeResponsesAreGzipped()
{
    QJsonArray maps;
    const QString filler(2048, u'x');
    for (int i = 0; i < 100; ++i) {
        maps.append(QJsonObject {{QStringLiteral("apiVersion"), QStringLiteral("v1")},
            {QStringLiteral("kind"), QStringLiteral("ConfigMap")},
            {QStringLiteral("metadata"),
                QJsonObject {{QStringLiteral("name"), QStringLiteral("big-%1").arg(i)},
                    {QStringLiteral("namespace"), QStringLiteral("big")}}},
            {QStringLiteral("data"), QJsonObject {{QStringLiteral("filler"), filler}}}});
    }
    QVERIFY(replyOk(m_server.command(QStringLiteral("apply"), {{QStringLiteral("objects"), maps}})));
    TestApiServer::Request request;
    request.gzip = true;
    const QString path = QStringLiteral("/api/v1/namespaces/big/configmaps");
    const QJsonObject zipped = m_server.request(path, request);
    QCOMPARE(zipped.value(QStringLiteral("contentEncoding")).toString(), QStringLiteral("gzip"));
    QCOMPARE(zipped[QStringLiteral("json")][QStringLiteral("items")].toArray().size(), 100);
    QVERIFY(zipped.value(QStringLiteral("bytes")).toInt() < 128 * 1024);
    const QJsonObject small = m_server.request(path + QStringLiteral("?limit=10"), request);
    QVERIFY(small.value(QStringLiteral("contentEncoding")).isNull());
    const QJsonObject plain = m_server.request(path);
    QVERIFY(plain.value(QStringLiteral("contentEncoding")).isNull());
    QVERIFY(plain.value(QStringLiteral("bytes")).toInt() >= 128 * 1024);
}

void ApiServerProtocolTest::restart_keepsState()
{
    const QString path = QStringLiteral("/api/v1/namespaces/proto/services");
    const QJsonObject before = m_server.request(path).value(QStringLiteral("json")).toObject();
    QVERIFY(!before.isEmpty());
    QVERIFY(m_server.stop());
    QCOMPARE(m_server.request(path).value(QStringLiteral("status")).toInt(), 0); // connection refused
    QVERIFY(m_server.resume());
    QCOMPARE(m_server.request(path).value(QStringLiteral("json")).toObject(), before);
    QVERIFY(m_server.restart());
    QCOMPARE(m_server.request(path).value(QStringLiteral("json")).toObject(), before);
}

void ApiServerProtocolTest::requestLog_recordsEveryRequest()
{
    m_server.requestLog(true);
    TestApiServer::Request request;
    request.accept = QStringLiteral("application/json;as=Table;v=v1;g=meta.k8s.io,application/json");
    QCOMPARE(m_server.request(QStringLiteral("/api/v1/namespaces/proto/pods?limit=5&labelSelector=app%3Dweb"), request)
                 .value(QStringLiteral("status"))
                 .toInt(),
        200);
    const QJsonArray log = m_server.requestLog();
    QCOMPARE(log.size(), 1);
    const QJsonObject entry = log.first().toObject();
    QCOMPARE(entry.value(QStringLiteral("method")).toString(), QStringLiteral("GET"));
    QCOMPARE(entry.value(QStringLiteral("path")).toString(), QStringLiteral("/api/v1/namespaces/proto/pods"));
    QCOMPARE(entry[QStringLiteral("params")][QStringLiteral("labelSelector")].toString(), QStringLiteral("app=web"));
    QCOMPARE(entry.value(QStringLiteral("user")).toString(), QStringLiteral("admin"));
    QCOMPARE(entry.value(QStringLiteral("verb")).toString(), QStringLiteral("list"));
    QCOMPARE(entry.value(QStringLiteral("resource")).toString(), QStringLiteral("pods"));
    QCOMPARE(entry.value(QStringLiteral("namespace")).toString(), protocolNamespace);
    QCOMPARE(entry.value(QStringLiteral("accept")).toString(), request.accept);
    QVERIFY(entry.value(QStringLiteral("userAgent")).toString().startsWith(QLatin1String("routemap-probe/")));
    QCOMPARE(entry.value(QStringLiteral("status")).toInt(), 200);
}

void ApiServerProtocolTest::gatewayModes_data()
{
    QTest::addColumn<QString>("mode");
    QTest::addColumn<QStringList>("v1");
    QTest::addRow("full") << QStringLiteral("full")
                          << QStringList {QStringLiteral("gatewayclasses"), QStringLiteral("gateways"),
                                 QStringLiteral("grpcroutes"), QStringLiteral("httproutes")};
    QTest::addRow("partial") << QStringLiteral("partial")
                             << QStringList {QStringLiteral("gatewayclasses"), QStringLiteral("gateways"),
                                    QStringLiteral("httproutes")};
    QTest::addRow("none") << QStringLiteral("none") << QStringList();
}

// Older clusters: no Gateway API, or one without GRPCRoute. Also runs the server over plain HTTP.
void ApiServerProtocolTest::gatewayModes()
{
    QFETCH(QString, mode);
    QFETCH(QStringList, v1);
    TestApiServer server({QStringLiteral("--plain"), QStringLiteral("--gateway"), mode});
    ROUTEMAP_START_APISERVER(server);
    QVERIFY(server.url().startsWith(QLatin1String("http://127.0.0.1:")));
    const QJsonObject groups = server.request(QStringLiteral("/apis")).value(QStringLiteral("json")).toObject();
    bool listed = false;
    for (const QJsonValue &g : groups.value(QStringLiteral("groups")).toArray()) {
        listed = listed || g[QStringLiteral("name")].toString() == QLatin1String("gateway.networking.k8s.io");
    }
    QCOMPARE(listed, !v1.isEmpty());
    const QJsonObject reply = server.request(QStringLiteral("/apis/gateway.networking.k8s.io/v1"));
    QCOMPARE(reply.value(QStringLiteral("status")).toInt(), v1.isEmpty() ? 404 : 200);
    QStringList names;
    for (const QJsonValue &r : reply[QStringLiteral("json")][QStringLiteral("resources")].toArray()) {
        if (!r[QStringLiteral("name")].toString().contains(u'/')) {
            names << r[QStringLiteral("name")].toString();
        }
    }
    names.sort();
    QCOMPARE(names, v1);
}

void ApiServerProtocolTest::bind_refusesNonLoopback()
{
    QProcess process;
    process.start(
        TestApiServer::python(), {TestApiServer::scriptPath(), QStringLiteral("--bind"), QStringLiteral("0.0.0.0")});
    QVERIFY(process.waitForFinished(20000));
    QCOMPARE(process.exitCode(), 2);
    QVERIFY(process.readAllStandardError().contains("loopback"));
}

QTEST_GUILESS_MAIN(ApiServerProtocolTest)
#include "apiserverprotocol_test.moc"
