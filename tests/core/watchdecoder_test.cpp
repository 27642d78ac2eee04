#include "cluster/watchdecoder.h"

#include <QtTest>

using namespace routemap;

namespace {

QByteArray watchLine(const char *type, const QByteArray &name, const QByteArray &rv)
{
    return QByteArray("{\"type\":\"") + type
        + "\",\"object\":{\"kind\":\"Pod\",\"apiVersion\":\"v1\",\"metadata\":{\"name\":\"" + name
        + "\",\"namespace\":\"shop\",\"resourceVersion\":\"" + rv + "\"}}}";
}

QByteArray bookmark(const QByteArray &rv)
{
    return QByteArray(
               R"json({"type":"BOOKMARK","object":{"kind":"Pod","apiVersion":"v1","metadata":{"resourceVersion":")json")
        + rv
        + R"json(","creationTimestamp":null,"annotations":{"k8s.io/initial-events-end":"true"}},"spec":{"containers":null},"status":{}}})json";
}

QByteArray expired()
{
    return R"json({"type":"ERROR","object":{"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"too old resource version: 1 (50)","reason":"Expired","code":410}})json";
}

// "A:name@rv" per event, "B@rv", "E410", "M" for Malformed: compact enough to compare.
QString summary(const QList<WatchEvent> &events)
{
    QStringList parts;
    for (const WatchEvent &e : events) {
        const QString name
            = e.object.value(QLatin1String("metadata")).toObject().value(QLatin1String("name")).toString();
        switch (e.type) {
        case WatchEvent::Type::Added:
            parts << QStringLiteral("A:") + name + u'@' + e.resourceVersion;
            break;
        case WatchEvent::Type::Modified:
            parts << QStringLiteral("U:") + name + u'@' + e.resourceVersion;
            break;
        case WatchEvent::Type::Deleted:
            parts << QStringLiteral("D:") + name + u'@' + e.resourceVersion;
            break;
        case WatchEvent::Type::Bookmark:
            parts << QStringLiteral("B@") + e.resourceVersion;
            break;
        case WatchEvent::Type::Error:
            parts << QStringLiteral("E") + QString::number(e.code);
            break;
        case WatchEvent::Type::Malformed:
            parts << QStringLiteral("M");
            break;
        }
    }
    return parts.join(u' ');
}

} // namespace

class WatchDecoderTest : public QObject
{
    Q_OBJECT

private slots:
    void streams_data();
    void streams();
    void byteByByte();
    void everySplitPoint();
    void malformedMessages();
    void longLinesBounded();
    void truncatedEnd();
    void errorEvent();
};

void WatchDecoderTest::streams_data()
{
    QTest::addColumn<QByteArray>("stream");
    QTest::addColumn<QString>("expected");

    const QByteArray a = watchLine("ADDED", "web-1", "10");
    const QByteArray m = watchLine("MODIFIED", "web-1", "11");
    const QByteArray d = watchLine("DELETED", "web-1", "12");
    QTest::addRow("one event") << a + '\n' << QStringLiteral("A:web-1@10");
    QTest::addRow("several events") << a + '\n' + m + '\n' + d + '\n'
                                    << QStringLiteral("A:web-1@10 U:web-1@11 D:web-1@12");
    QTest::addRow("crlf") << a + "\r\n" + m + "\r\n" << QStringLiteral("A:web-1@10 U:web-1@11");
    QTest::addRow("blank lines") << "\n\r\n" + a + "\n\n" << QStringLiteral("A:web-1@10");
    QTest::addRow("bookmark") << a + '\n' + bookmark("99") + '\n' << QStringLiteral("A:web-1@10 B@99");
    QTest::addRow("error 410") << a + '\n' + expired() + '\n' << QStringLiteral("A:web-1@10 E410");
    QTest::addRow("malformed then good") << QByteArray("{\"type\":\"ADDED\",\"object\":{\"meta\n") + m + '\n'
                                         << QStringLiteral("M U:web-1@11");
    QTest::addRow("not an object") << QByteArray("[1,2]\n\"x\"\n") + d + '\n' << QStringLiteral("M M D:web-1@12");
    QTest::addRow("unknown type") << QByteArray(R"json({"type":"FROB","object":{}})json") + '\n' + a + '\n'
                                  << QStringLiteral("M A:web-1@10");
    QTest::addRow("no object") << QByteArray(R"json({"type":"ADDED"})json") + '\n' + a + '\n'
                               << QStringLiteral("M A:web-1@10");
    QTest::addRow("object without a name") << QByteArray(R"json({"type":"ADDED","object":{"metadata":{}}})json") + '\n'
                                           << QStringLiteral("M");
    QTest::addRow("binary garbage") << QByteArray("\x00\xff\xfe{{{\n", 7) + a + '\n' << QStringLiteral("M A:web-1@10");
}

void WatchDecoderTest::streams()
{
    QFETCH(QByteArray, stream);
    QFETCH(QString, expected);
    WatchDecoder decoder;
    QList<WatchEvent> events = decoder.feed(stream);
    events += decoder.finish();
    QCOMPARE(summary(events), expected);
}

void WatchDecoderTest::byteByByte()
{
    const QByteArray stream = watchLine("ADDED", "a", "1") + '\n' + bookmark("2") + "\r\n"
        + watchLine("DELETED", "a", "3") + '\n' + expired() + '\n';
    WatchDecoder decoder;
    QList<WatchEvent> events;
    for (qsizetype i = 0; i < stream.size(); ++i) {
        events += decoder.feed(stream.constData() + i, 1);
    }
    QCOMPARE(decoder.pendingBytes(), 0);
    QCOMPARE(summary(events), QStringLiteral("A:a@1 B@2 D:a@3 E410"));
}

void WatchDecoderTest::everySplitPoint()
{
    const QByteArray stream = watchLine("ADDED", "a", "1") + '\n' + watchLine("MODIFIED", "a", "2") + '\n';
    for (qsizetype cut = 0; cut <= stream.size(); ++cut) {
        WatchDecoder decoder;
        QList<WatchEvent> events = decoder.feed(stream.left(cut));
        events += decoder.feed(stream.mid(cut));
        QCOMPARE(summary(events), QStringLiteral("A:a@1 U:a@2"));
    }
}

void WatchDecoderTest::malformedMessages()
{
    WatchDecoder decoder;
    const QList<WatchEvent> events = decoder.feed(QByteArray("{\"type\":\n"));
    QCOMPARE(events.size(), 1);
    QCOMPARE(events.first().type, WatchEvent::Type::Malformed);
    QVERIFY2(events.first().message.contains(QLatin1String("not valid JSON")), qPrintable(events.first().message));
}

void WatchDecoderTest::longLinesBounded()
{
    WatchDecoder decoder(1024);
    QList<WatchEvent> events;
    // A 100 KiB line fed in small chunks: never buffered beyond the bound, reported once.
    const QByteArray big
        = QByteArray(R"json({"type":"ADDED","object":{"metadata":{"name":")json") + QByteArray(100 * 1024, 'x');
    for (qsizetype i = 0; i < big.size(); i += 100) {
        events += decoder.feed(big.mid(i, 100));
        QVERIFY(decoder.pendingBytes() <= 1024);
    }
    events += decoder.feed(QByteArray("\"}}}\n") + watchLine("ADDED", "b", "5") + '\n');
    QCOMPARE(summary(events), QStringLiteral("M A:b@5"));
    QVERIFY(events.first().message.contains(QLatin1String("1024")));
}

void WatchDecoderTest::truncatedEnd()
{
    WatchDecoder decoder;
    const QByteArray a = watchLine("ADDED", "a", "1");
    QList<WatchEvent> events = decoder.feed(a + '\n' + a.left(a.size() / 2));
    QCOMPARE(summary(events), QStringLiteral("A:a@1"));
    QVERIFY(decoder.pendingBytes() > 0);
    events = decoder.finish();
    QCOMPARE(summary(events), QStringLiteral("M"));
    QCOMPARE(decoder.pendingBytes(), 0);

    // A whole last object without its newline still counts.
    decoder.feed(a);
    QCOMPARE(summary(decoder.finish()), QStringLiteral("A:a@1"));
}

void WatchDecoderTest::errorEvent()
{
    const WatchEvent e = WatchDecoder::decodeLine(expired());
    QCOMPARE(e.type, WatchEvent::Type::Error);
    QCOMPARE(e.code, 410);
    QCOMPARE(e.message, QStringLiteral("too old resource version: 1 (50)"));
    QVERIFY(e.resourceVersion.isEmpty());
}

QTEST_GUILESS_MAIN(WatchDecoderTest)
#include "watchdecoder_test.moc"
