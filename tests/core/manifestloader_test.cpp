#include "sources/manifestloader.h"

#include <QBuffer>
#include <QDir>
#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>

using namespace routemap;

namespace {

QString issueTypeName(LoadIssue::Type type)
{
    switch (type) {
    case LoadIssue::Type::ParseError:
        return QStringLiteral("ParseError");
    case LoadIssue::Type::Unreadable:
        return QStringLiteral("Unreadable");
    case LoadIssue::Type::NotAnObject:
        return QStringLiteral("NotAnObject");
    case LoadIssue::Type::Duplicate:
        return QStringLiteral("Duplicate");
    }
    return QString();
}

// "ConfigMap 1, Service 2"
QString kindsText(const QMap<QString, int> &kinds)
{
    QStringList parts;
    for (auto it = kinds.begin(); it != kinds.end(); ++it) {
        parts.append(it.key() + u' ' + QString::number(it.value()));
    }
    return parts.join(QStringLiteral(", "));
}

// "ParseError broken.yaml:15; Duplicate dup.yaml:9"
QString issuesText(const QList<LoadIssue> &issues)
{
    QStringList parts;
    for (const LoadIssue &issue : issues) {
        parts.append(issueTypeName(issue.type) + u' ' + issue.location.display());
    }
    return parts.join(QStringLiteral("; "));
}

ObjectPtr findObject(const Snapshot &snapshot, const QString &display)
{
    for (const ObjectPtr &o : snapshot.objects()) {
        if (o->ref.display() == display) {
            return o;
        }
    }
    return nullptr;
}

QJsonValue valueAt(QJsonValue value, const QStringList &path)
{
    for (const QString &step : path) {
        bool isIndex = false;
        const int index = step.toInt(&isIndex);
        value = isIndex && value.isArray() ? value.toArray().at(index) : value.toObject().value(step);
    }
    return value;
}

QString compactJson(const QJsonValue &value)
{
    return QString::fromUtf8(QJsonDocument(QJsonArray {value}).toJson(QJsonDocument::Compact));
}

} // namespace

class ManifestLoaderTest : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase()
    {
        // Relative paths, as a user would type them: locations must come back the same way.
        QVERIFY(QDir::setCurrent(QStringLiteral(ROUTEMAP_TEST_DATA "/loader")));
    }

    void loadsFile_data()
    {
        QTest::addColumn<QString>("path");
        QTest::addColumn<QString>("kinds");
        QTest::addColumn<QString>("issues");

        QTest::addRow("multi-document yaml") << "multidoc.yaml"
                                             << "ConfigMap 1, Deployment 1, Service 2"
                                             << "";
        QTest::addRow("List yaml") << "list.yaml"
                                   << "Deployment 1, Service 1"
                                   << "";
        QTest::addRow("List json") << "list.json"
                                   << "Ingress 1, Service 1"
                                   << "";
        QTest::addRow("single json object") << "single.json"
                                            << "Service 1"
                                            << "";
        QTest::addRow("PodList without item kinds") << "podlist.json"
                                                    << "Pod 2"
                                                    << "";
        QTest::addRow("json with tabs and escapes") << "tabs.json"
                                                    << "Service 1"
                                                    << "";
        QTest::addRow("json that only QJsonDocument reads") << "longkey.json"
                                                            << "Service 1"
                                                            << "";
        QTest::addRow("broken json") << "broken.json"
                                     << ""
                                     << "ParseError broken.json:6";
        QTest::addRow("broken documents in the middle")
            << "broken-middle.yaml"
            << "Deployment 1, Service 2"
            << "ParseError broken-middle.yaml:15; ParseError broken-middle.yaml:28";
        QTest::addRow("not objects") << "not-objects.yaml"
                                     << "Job 1, Pod 1"
                                     << "NotAnObject not-objects.yaml:1; NotAnObject not-objects.yaml:3; "
                                        "NotAnObject not-objects.yaml:6; NotAnObject not-objects.yaml:9";
        QTest::addRow("duplicate identity") << "duplicate.yaml"
                                            << "Service 2"
                                            << "Duplicate duplicate.yaml:9";
        QTest::addRow("folder") << "folder"
                                << "ConfigMap 1, Deployment 1, Namespace 1, Service 1"
                                << "";
        QTest::addRow("missing file") << "no-such-file.yaml"
                                      << ""
                                      << "Unreadable no-such-file.yaml";
    }

    void loadsFile()
    {
        QFETCH(QString, path);
        QFETCH(QString, kinds);
        QFETCH(QString, issues);
        const Snapshot snapshot = ManifestLoader::loadPaths({path}).toSnapshot();
        QCOMPARE(kindsText(snapshot.documentsByKind()), kinds);
        QCOMPARE(issuesText(snapshot.issues()), issues);
    }

    void objectLocations_data()
    {
        QTest::addColumn<QString>("path");
        QTest::addColumn<QString>("object");
        QTest::addColumn<QString>("location");

        QTest::addRow("first document") << "multidoc.yaml"
                                        << "Service shop/checkout"
                                        << "multidoc.yaml:4";
        QTest::addRow("after comment marker") << "multidoc.yaml"
                                              << "Deployment shop/checkout"
                                              << "multidoc.yaml:20";
        QTest::addRow("after end marker") << "multidoc.yaml"
                                          << "ConfigMap shop/checkout-config"
                                          << "multidoc.yaml:42";
        QTest::addRow("content on the marker line") << "multidoc.yaml"
                                                    << "Service shop/flow"
                                                    << "multidoc.yaml:49";
        QTest::addRow("List item 1") << "list.yaml"
                                     << "Service default/web"
                                     << "list.yaml:4";
        QTest::addRow("List item 2") << "list.yaml"
                                     << "Deployment default/web"
                                     << "list.yaml:13";
        QTest::addRow("json List item 2") << "list.json"
                                          << "Ingress backend/api"
                                          << "list.json:20";
        QTest::addRow("PodList item 2") << "podlist.json"
                                        << "Pod shop/web-2"
                                        << "podlist.json:25";
        QTest::addRow("single json") << "single.json"
                                     << "Service edge/solo"
                                     << "single.json:1";
        QTest::addRow("after broken document") << "broken-middle.yaml"
                                               << "Deployment default/after"
                                               << "broken-middle.yaml:18";
        QTest::addRow("after second broken document") << "broken-middle.yaml"
                                                      << "Service default/last"
                                                      << "broken-middle.yaml:30";
        QTest::addRow("nested folder file") << "folder"
                                            << "Deployment shop/c"
                                            << "folder/sub/deeper/c.json:1";
        QTest::addRow("folder with trailing slash") << "folder/"
                                                    << "Service shop/b"
                                                    << "folder/sub/b.yml:1";
        QTest::addRow("numeric name as text") << "not-objects.yaml"
                                              << "Job default/2048"
                                              << "not-objects.yaml:15";
        QTest::addRow("generateName kept") << "not-objects.yaml"
                                           << "Pod default/runner-"
                                           << "not-objects.yaml:21";
    }

    void objectLocations()
    {
        QFETCH(QString, path);
        QFETCH(QString, object);
        QFETCH(QString, location);
        const Snapshot snapshot = ManifestLoader::loadPaths({path}).toSnapshot();
        const ObjectPtr o = findObject(snapshot, object);
        QVERIFY2(o, qPrintable(object + QStringLiteral(" not loaded")));
        QCOMPARE(o->location.display(), location);
    }

    void standardInput_readsGivenDevice()
    {
        QByteArray text = "apiVersion: v1\nkind: Service\nmetadata:\n  name: piped\n---\n"
                          "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: piped\n";
        QBuffer buffer(&text);
        const LoadResult result
            = ManifestLoader::loadPaths({QStringLiteral("single.json"), QStringLiteral("-")}, &buffer);
        QCOMPARE(result.files, 2);
        QCOMPARE(result.issues.size(), 0);
        QCOMPARE(result.objects.size(), 3);
        QCOMPARE(result.objects.at(1).ref.display(), QStringLiteral("Service default/piped"));
        QCOMPARE(result.objects.at(1).location.display(), QStringLiteral("<stdin>:1"));
        QCOMPARE(result.objects.at(2).location.display(), QStringLiteral("<stdin>:6"));
    }

    void folder_isWalkedSortedSkippingHiddenAndOtherFiles()
    {
        const QStringList expected = {
            QStringLiteral("folder/a.yaml"),
            QStringLiteral("folder/sub/b.yml"),
            QStringLiteral("folder/sub/deeper/D.YAML"),
            QStringLiteral("folder/sub/deeper/c.json"),
        };
        QCOMPARE(ManifestLoader::expandPath(QStringLiteral("folder")), expected);
        QCOMPARE(ManifestLoader::expandPath(QStringLiteral("folder/")), expected);
        QCOMPARE(ManifestLoader::expandPath(QStringLiteral("folder/notes.txt")),
            QStringList {QStringLiteral("folder/notes.txt")});
        QCOMPARE(ManifestLoader::expandPath(QStringLiteral("-")), QStringList {QStringLiteral("-")});
        QVERIFY(ManifestLoader::expandPath(QStringLiteral("missing-folder")).isEmpty());

        const LoadResult result = ManifestLoader::loadPaths({QStringLiteral("folder")});
        QCOMPARE(result.files, 4);
        const Snapshot snapshot = result.toSnapshot();
        QVERIFY(!snapshot.namespaceObject(QStringLiteral("hidden")));
        QVERIFY(!snapshot.namespaceObject(QStringLiteral("dotfile")));
        QVERIFY(!snapshot.namespaceObject(QStringLiteral("from-text-file")));
        QVERIFY(snapshot.namespaceObject(QStringLiteral("shop")));
        // A file named explicitly is read whatever its extension.
        QCOMPARE(ManifestLoader::loadPaths({QStringLiteral("folder/notes.txt")}).objects.size(), 1);
    }

    void brokenDocument_keepsNeighboursAndReportsLine()
    {
        const LoadResult result = ManifestLoader::loadPaths({QStringLiteral("broken-middle.yaml")});
        QStringList names;
        for (const KubeObject &o : result.objects) {
            names.append(o.ref.name);
        }
        QCOMPARE(names, (QStringList {QStringLiteral("before"), QStringLiteral("after"), QStringLiteral("last")}));
        QCOMPARE(result.issues.size(), 2);
        QCOMPARE(result.issues.at(0).type, LoadIssue::Type::ParseError);
        QCOMPARE(result.issues.at(0).location, (SourceLocation {QStringLiteral("broken-middle.yaml"), 15}));
        QVERIFY2(result.issues.at(0).message.contains(QLatin1String("illegal map value")),
            qPrintable(result.issues.at(0).message));
        QCOMPARE(result.issues.at(1).location.line, 28);
        QVERIFY2(result.issues.at(1).message.contains(QLatin1String("mapping key")),
            qPrintable(result.issues.at(1).message));
    }

    void unknownKinds_areCounted()
    {
        const Snapshot snapshot = ManifestLoader::loadPaths({QStringLiteral("unknown.yaml")}).toSnapshot();
        QCOMPARE(kindsText(snapshot.unknownKinds()),
            QStringLiteral("Certificate.cert-manager.io 1, ConfigMap 2, VirtualService.networking.istio.io 1"));
        QCOMPARE(snapshot.services().size(), 1);
        QCOMPARE(snapshot.objects().size(), 5);
    }

    void secretData_isDropped()
    {
        const LoadResult result = ManifestLoader::loadPaths({QStringLiteral("secret.yaml")});
        QCOMPARE(result.objects.size(), 1);
        const KubeObject &secret = result.objects.first();
        QCOMPARE(secret.ref.display(), QStringLiteral("Secret shop/db-credentials"));
        QVERIFY(!secret.body.contains(QLatin1String("data")));
        QVERIFY(!secret.body.contains(QLatin1String("stringData")));
        const QString lastApplied = QStringLiteral("kubectl.kubernetes.io/last-applied-configuration");
        QVERIFY(!secret.annotations.contains(lastApplied));
        const QJsonObject annotations
            = secret.body.value(QLatin1String("metadata")).toObject().value(QLatin1String("annotations")).toObject();
        QVERIFY(!annotations.contains(lastApplied));
        QCOMPARE(annotations.value(QLatin1String("team")).toString(), QStringLiteral("payments"));
        QVERIFY(!QJsonDocument(secret.body).toJson().contains("aHVudGVyMg=="));
        QCOMPARE(secret.body.value(QLatin1String("type")).toString(), QStringLiteral("Opaque"));
    }

    void gatewaysOfTwoApiGroups_areTwoObjects()
    {
        const Snapshot snapshot = ManifestLoader::loadPaths({QStringLiteral("gateways.yaml")}).toSnapshot();
        QCOMPARE(snapshot.objects().size(), 2);
        QCOMPARE(issuesText(snapshot.issues()), QString());
        QCOMPARE(snapshot.objects().at(0)->ref.group, QStringLiteral("networking.istio.io"));
        QCOMPARE(snapshot.objects().at(1)->ref.group, QStringLiteral("gateway.networking.k8s.io"));
        QCOMPARE(snapshot.gateways().size(), 1);
        QCOMPARE(snapshot.unknownKinds().value(QStringLiteral("Gateway.networking.istio.io")), 1);
    }

    void duplicateIdentity_isReported()
    {
        const Snapshot snapshot = ManifestLoader::loadPaths({QStringLiteral("duplicate.yaml")}).toSnapshot();
        QCOMPARE(snapshot.objects().size(), 1);
        QCOMPARE(snapshot.issues().size(), 1);
        const LoadIssue &issue = snapshot.issues().first();
        QCOMPARE(issue.type, LoadIssue::Type::Duplicate);
        QCOMPARE(issue.object.display(), QStringLiteral("Service default/twice"));
        QCOMPARE(issue.location.display(), QStringLiteral("duplicate.yaml:9"));
        QCOMPARE(issue.previous.display(), QStringLiteral("duplicate.yaml:1"));
    }

    void scalarTyping_data()
    {
        QTest::addColumn<QString>("path"); // keys separated by |
        QTest::addColumn<QString>("json");

        QTest::addRow("quoted annotation") << "metadata|annotations|example.com/quoted-port"
                                           << "\"8080\"";
        QTest::addRow("single quoted") << "metadata|annotations|example.com/single-quoted"
                                       << "\"42\"";
        QTest::addRow("block scalar") << "metadata|annotations|example.com/block"
                                      << "\"1234\\n\"";
        QTest::addRow("plain port") << "spec|ports|0|port"
                                    << "8080";
        QTest::addRow("quoted port") << "spec|ports|0|targetPort"
                                     << "\"8080\"";
        QTest::addRow("true") << "spec|plainTrue"
                              << "true";
        QTest::addRow("False") << "spec|capitalFalse"
                               << "false";
        QTest::addRow("yes stays text") << "spec|yesStaysText"
                                        << "\"yes\"";
        QTest::addRow("no stays text") << "spec|noStaysText"
                                       << "\"no\"";
        QTest::addRow("tilde") << "spec|tilde"
                               << "null";
        QTest::addRow("empty") << "spec|empty"
                               << "null";
        QTest::addRow("null") << "spec|nullWord"
                              << "null";
        QTest::addRow("quoted null") << "spec|quotedNull"
                                     << "\"null\"";
        QTest::addRow("float") << "spec|float"
                               << "1.5";
        QTest::addRow("exponent") << "spec|exponent"
                                  << "1000";
        QTest::addRow("negative") << "spec|negative"
                                  << "-17";
        QTest::addRow("hex") << "spec|hex"
                             << "31";
        QTest::addRow("octal") << "spec|octal"
                               << "15";
        QTest::addRow("quoted leading zero") << "spec|leadingZero"
                                             << "\"0755\"";
        QTest::addRow("plain leading zero") << "spec|leadingZeroPlain"
                                            << "\"0755\"";
        QTest::addRow("huge integer") << "spec|huge"
                                      << "\"123456789012345678901234567890\"";
        QTest::addRow("2^53") << "spec|maxSafe"
                              << "9007199254740992";
        QTest::addRow(".inf") << "spec|infinity"
                              << "\".inf\"";
        QTest::addRow("!!str") << "spec|explicitString"
                               << "\"123\"";
        QTest::addRow("!!int") << "spec|explicitInt"
                               << "12";
        QTest::addRow("version number") << "spec|version"
                                        << "1.1";
        QTest::addRow("word") << "spec|word"
                              << "\"hello\"";
        QTest::addRow("numeric key") << "spec|8080"
                                     << "\"numeric-key\"";
        QTest::addRow("boolean key") << "spec|true"
                                     << "\"boolean-key\"";
        QTest::addRow("merge key inherits") << "spec|merged|a"
                                            << "1";
        QTest::addRow("merge key overridden") << "spec|merged|b"
                                              << "3";
        QTest::addRow("no merge key left") << "spec|merged|<<"
                                           << "null";
    }

    void scalarTyping()
    {
        QFETCH(QString, path);
        QFETCH(QString, json);
        const LoadResult result = ManifestLoader::loadPaths({QStringLiteral("scalars.yaml")});
        QCOMPARE(result.objects.size(), 1);
        QCOMPARE(compactJson(valueAt(result.objects.first().body, path.split(u'|'))), u'[' + json + u']');
    }

    void missingPath_isUnreadableAndOthersLoad()
    {
        const LoadResult result = ManifestLoader::loadPaths(
            {QStringLiteral("no-such.yaml"), QStringLiteral("single.json"), QStringLiteral("no-such-folder/")});
        QCOMPARE(result.objects.size(), 1);
        QCOMPARE(result.files, 1);
        QCOMPARE(result.issues.size(), 2);
        QCOMPARE(result.issues.at(0).type, LoadIssue::Type::Unreadable);
        QCOMPARE(result.issues.at(0).message, QStringLiteral("cannot read no-such.yaml: No such file or directory"));
        QCOMPARE(result.issues.at(0).location.file, QStringLiteral("no-such.yaml"));
        QCOMPARE(result.issues.at(1).location.file, QStringLiteral("no-such-folder/"));
    }

    void podListItems_takeKindAndApiVersionFromList()
    {
        const LoadResult result = ManifestLoader::loadPaths({QStringLiteral("podlist.json")});
        QCOMPARE(result.objects.size(), 2);
        for (const KubeObject &o : result.objects) {
            QCOMPARE(o.ref.kind, QStringLiteral("Pod"));
            QCOMPARE(o.apiVersion, QStringLiteral("v1"));
            QCOMPARE(o.body.value(QLatin1String("kind")).toString(), QStringLiteral("Pod"));
        }
        QCOMPARE(result.objects.first().labels.value(QStringLiteral("app")), QStringLiteral("web"));
    }

    void loadData_handlesHostileInput_data()
    {
        QTest::addColumn<QByteArray>("data");
        QTest::addColumn<int>("objects");
        QTest::addColumn<QString>("issues");

        QTest::addRow("empty") << QByteArray() << 0 << "";
        QTest::addRow("only comments and markers") << QByteArray("# x\n---\n# y\n...\n---\n") << 0 << "";
        QTest::addRow("self-referencing alias")
            << QByteArray("apiVersion: v1\nkind: Service\nmetadata:\n  name: loop\nspec: &a\n  x: [*a]\n") << 0
            << "ParseError x.yaml:5";
        QTest::addRow("alias bomb") << QByteArray(
            "a: &a [x,x,x,x,x,x,x,x,x]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\n"
            "c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\n"
            "e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]\nf: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]\n"
            "g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]\nh: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]\n")
                                    << 0 << "ParseError x.yaml:1";
        QTest::addRow("binary garbage") << QByteArray("\x01\x02\xff\xfe: [\n\t{", 9) << 0 << "ParseError x.yaml:2";
        QTest::addRow("kind is a list") << QByteArray("kind: [a]\nmetadata: {name: x}\n") << 0
                                        << "NotAnObject x.yaml:1";
        QTest::addRow("List with null items") << QByteArray("kind: List\nitems:\n") << 0 << "";
        QTest::addRow("List item not an object")
            << QByteArray("kind: ServiceList\napiVersion: v1\nitems:\n- 5\n- metadata: {name: ok}\n") << 1
            << "NotAnObject x.yaml:4";
        QTest::addRow("crlf and bom") << QByteArray("\xEF\xBB\xBFkind: Service\r\nmetadata:\r\n  name: a\r\n---\r\n"
                                                    "kind: Service\r\nmetadata:\r\n  name: b\r\n")
                                      << 2 << "";
        QTest::addRow("duplicate key (files concatenated without ---)")
            << QByteArray("kind: Service\nmetadata:\n  name: a\nkind: Service\nmetadata:\n  name: b\n") << 0
            << "ParseError x.yaml:4";
        QTest::addRow("directive") << QByteArray("%YAML 1.2\n---\nkind: Service\nmetadata: {name: a}\n") << 1 << "";
    }

    void loadData_handlesHostileInput()
    {
        QFETCH(QByteArray, data);
        QFETCH(int, objects);
        QFETCH(QString, issues);
        const LoadResult result = ManifestLoader::loadData(data, QStringLiteral("x.yaml"));
        QCOMPARE(result.objects.size(), objects);
        QCOMPARE(issuesText(result.issues), issues);
    }

    // JSON goes through Qt's parser; each List item keeps the line where it starts.
    void jsonLines_data()
    {
        QTest::addColumn<QByteArray>("data");
        QTest::addColumn<QString>("fileName");
        QTest::addColumn<QString>("locations");

        QTest::addRow("kubectl List") << QByteArray("{\n"
                                                    "    \"apiVersion\": \"v1\",\n"
                                                    "    \"items\": [\n"
                                                    "        {\n"
                                                    "            \"kind\": \"Service\",\n"
                                                    "            \"metadata\": {\"name\": \"a\"}\n"
                                                    "        },\n"
                                                    "        {\n"
                                                    "            \"kind\": \"Service\",\n"
                                                    "            \"metadata\": {\"name\": \"b\"}\n"
                                                    "        }\n"
                                                    "    ],\n"
                                                    "    \"kind\": \"List\"\n"
                                                    "}\n")
                                      << "x.json"
                                      << "Service default/a x.json:4; Service default/b x.json:8";
        QTest::addRow("strings with braces, quotes and an items key inside items")
            << QByteArray("\n\n{\"kind\": \"List\", \"metadata\": {\"items\": \"[{,\"}, \"items\": [\n"
                          "  {\"kind\": \"ConfigMap\", \"metadata\": {\"name\": \"c\"}, \"data\": {\"x\": \"}],\\\"{\"}},\n"
                          "\n"
                          "  {\"kind\": \"ConfigMap\", \"metadata\": {\"name\": \"d\"},\n"
                          "   \"data\": {\"items\": \"[\"}}, {\"kind\": \"ConfigMap\", \"metadata\": {\"name\": \"e\"}}\n"
                          "]}\n")
            << "x.json" << "ConfigMap default/c x.json:4; ConfigMap default/d x.json:6; ConfigMap default/e x.json:7";
        QTest::addRow("nested List items take the outer item's line")
            << QByteArray("{\"kind\": \"List\", \"items\": [\n"
                          "  {\"kind\": \"List\", \"items\": [{\"kind\": \"Secret\", \"metadata\": {\"name\": \"s\"}}]},\n"
                          "  {\"kind\": \"Service\", \"metadata\": {\"name\": \"t\"}}\n"
                          "]}\n")
            << "x.json" << "Secret default/s x.json:2; Service default/t x.json:3";
        QTest::addRow("one object") << QByteArray("\n  {\"kind\": \"Service\",\n \"metadata\": {\"name\": \"a\"}}")
                                    << "x.json" << "Service default/a x.json:2";
        QTest::addRow("JSON on standard input") << QByteArray("{\"kind\": \"List\", \"items\": [\n"
                                                              "{\"kind\": \"Service\", \"metadata\": {\"name\": \"a\"}},\n"
                                                              "{\"kind\": \"Service\", \"metadata\": {\"name\": \"b\"}}]}")
                                                << "<stdin>"
                                                << "Service default/a <stdin>:2; Service default/b <stdin>:3";
        QTest::addRow("YAML flow map on standard input is still YAML")
            << QByteArray("{kind: Service, metadata: {name: a}}\n---\nkind: Service\nmetadata: {name: b}\n") << "<stdin>"
            << "Service default/a <stdin>:1; Service default/b <stdin>:3";
    }

    void jsonLines()
    {
        QFETCH(QByteArray, data);
        QFETCH(QString, fileName);
        QFETCH(QString, locations);
        const LoadResult result = ManifestLoader::loadData(data, fileName);
        QCOMPARE(issuesText(result.issues), QString());
        QStringList parts;
        for (const KubeObject &o : result.objects) {
            parts.append(o.ref.display() + u' ' + o.location.display());
        }
        QCOMPARE(parts.join(QStringLiteral("; ")), locations);
    }

    // A stream large enough to be parsed on several threads comes out as a sequential read gives it.
    void largeYaml_keepsOrderAndLines()
    {
        QByteArray data;
        QStringList expected;
        QStringList expectedIssues;
        const QByteArray padding(900, 'x');
        int line = 1;
        for (int i = 0; i < 600; ++i) {
            QByteArray doc;
            if (i % 97 == 13) {
                // yaml-cpp reports the unclosed flow sequence where its document ends.
                doc = "kind: Service\nmetadata: {name: [broken\n";
                expectedIssues.append(QStringLiteral("ParseError big.yaml:%1").arg(line + 3));
            } else if (i % 101 == 7) {
                doc = "# only a comment\n";
            } else {
                doc = "kind: ConfigMap\nmetadata:\n  name: m" + QByteArray::number(i) + "\ndata:\n  pad: " + padding + "\n";
                expected.append(QStringLiteral("ConfigMap default/m%1 big.yaml:%2").arg(i).arg(line + 1));
            }
            data += "---\n" + doc;
            line += 1 + static_cast<int>(doc.count('\n'));
        }
        QVERIFY(data.size() > 512 * 1024);
        const LoadResult result = ManifestLoader::loadData(data, QStringLiteral("big.yaml"));
        QStringList parts;
        for (const KubeObject &o : result.objects) {
            parts.append(o.ref.display() + u' ' + o.location.display());
        }
        QCOMPARE(parts.size(), expected.size());
        QCOMPARE(parts, expected);
        QCOMPARE(issuesText(result.issues), expectedIssues.join(QStringLiteral("; ")));
    }

    // A large JSON List is parsed item by item on several threads; an invalid item falls back to the
    // whole-text parse, which reports the error where it is.
    void largeJsonList_data()
    {
        QTest::addColumn<int>("brokenItem");
        QTest::addRow("valid") << -1;
        QTest::addRow("one item broken") << 250;
    }

    void largeJsonList()
    {
        QFETCH(int, brokenItem);
        QByteArray data = "{\n    \"apiVersion\": \"v1\",\n    \"kind\": \"ServiceList\",\n    \"items\": [\n";
        QStringList expected;
        const QByteArray padding(900, 'y');
        int line = 5;
        int brokenLine = 0;
        for (int i = 0; i < 600; ++i) {
            const QByteArray item = "        {\n            \"metadata\": {\"name\": \"s" + QByteArray::number(i)
                + "\", \"annotations\": {\"pad\": \"" + padding + "\"}},\n"
                + (i == brokenItem ? "            \"spec\": {\"ports\": [}\n" : "            \"spec\": {}\n")
                + "        }" + (i < 599 ? ",\n" : "\n");
            expected.append(QStringLiteral("Service default/s%1 big.json:%2").arg(i).arg(line));
            if (i == brokenItem) {
                brokenLine = line + 2;
            }
            data += item;
            line += static_cast<int>(item.count('\n'));
        }
        data += "    ],\n    \"metadata\": {\"resourceVersion\": \"\"}\n}\n";
        QVERIFY(data.size() > 512 * 1024);
        const LoadResult result = ManifestLoader::loadData(data, QStringLiteral("big.json"));
        if (brokenItem >= 0) {
            QCOMPARE(result.objects.size(), 0);
            QCOMPARE(issuesText(result.issues), QStringLiteral("ParseError big.json:%1").arg(brokenLine));
            return;
        }
        QCOMPARE(issuesText(result.issues), QString());
        QStringList parts;
        for (const KubeObject &o : result.objects) {
            parts.append(o.ref.display() + u' ' + o.location.display());
        }
        QCOMPARE(parts, expected);
        // Items of a ServiceList take the kind and apiVersion of the list.
        QCOMPARE(result.objects.first().apiVersion, QStringLiteral("v1"));
    }
};

QTEST_GUILESS_MAIN(ManifestLoaderTest)
#include "manifestloader_test.moc"
