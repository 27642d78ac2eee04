// Data-driven rule tests. Every tests/data/diagnostics/<family>/<case>.yaml is a fixture; its header
// comments state what the engine must report:
//   # expect: <code> <severity> <Kind> <namespace/name or name>
//   # expect-none: <code>            (the code must not fire at all on this fixture)
//   # mode: complete                 (treat the input as the whole cluster; default partial)
// Expectations are exact for the codes they name: a fixture with `expect` lines for a code must
// produce exactly those findings of that code.
#include "diagnostics/diagnostics.h"
#include "sources/manifestloader.h"

#include <QDirIterator>
#include <QFile>
#include <QRegularExpression>
#include <QTest>

using namespace routemap;

namespace {

struct Expected {
    QString code;
    QString severity;
    QString kind;
    QString qualifiedName;
};

QString describe(const Finding &f)
{
    return f.code + u' ' + severityName(f.severity) + u' ' + f.object.kind + u' ' + f.object.qualifiedName() +
           QStringLiteral(" -- ") + f.message;
}

} // namespace

class DiagnosticsTest : public QObject
{
    Q_OBJECT

private slots:
    void fixtures_data();
    void fixtures();
};

void DiagnosticsTest::fixtures_data()
{
    QTest::addColumn<QString>("path");
    const QString root = QStringLiteral(ROUTEMAP_TEST_DATA "/diagnostics");
    QDirIterator it(root, {QStringLiteral("*.yaml")}, QDir::Files, QDirIterator::Subdirectories);
    QStringList files;
    while (it.hasNext()) {
        files.append(it.next());
    }
    files.sort();
    for (const QString &file : std::as_const(files)) {
        QTest::addRow("%s", qPrintable(file.mid(root.size() + 1))) << file;
    }
}

void DiagnosticsTest::fixtures()
{
    QFETCH(QString, path);
    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QString text = QString::fromUtf8(file.readAll());

    static const QRegularExpression expectRe(
        QStringLiteral(R"(^#\s*expect:\s*(\S+)\s+(error|warning|info)\s+(\S+)\s+(\S+)\s*$)"),
        QRegularExpression::MultilineOption);
    static const QRegularExpression noneRe(QStringLiteral(R"(^#\s*expect-none:\s*(\S+)\s*$)"),
                                           QRegularExpression::MultilineOption);
    QList<Expected> expected;
    for (auto m = expectRe.globalMatch(text); m.hasNext();) {
        const auto match = m.next();
        expected.append({match.captured(1), match.captured(2), match.captured(3), match.captured(4)});
    }
    QStringList none;
    for (auto m = noneRe.globalMatch(text); m.hasNext();) {
        none.append(m.next().captured(1));
    }
    QVERIFY2(!expected.isEmpty() || !none.isEmpty(), "fixture states no expectation");

    const LoadResult loaded = ManifestLoader::loadPaths({path});
    Snapshot snapshot = loaded.toSnapshot();
    snapshot.setComplete(text.contains(QLatin1String("# mode: complete")));
    const QList<Finding> findings = runDiagnostics(snapshot);

    QStringList all;
    for (const Finding &f : findings) {
        all.append(describe(f));
        QVERIFY2(!f.message.isEmpty() && !f.hint.isEmpty() && !f.kubectl.isEmpty(),
                 qPrintable(QStringLiteral("finding lacks message, hint or kubectl: ") + describe(f)));
    }
    const QString report = QStringLiteral("\nfindings:\n  ") + all.join(QStringLiteral("\n  "));

    QSet<QString> expectedCodes;
    for (const Expected &e : std::as_const(expected)) {
        expectedCodes.insert(e.code);
        const bool found = std::any_of(findings.begin(), findings.end(), [&](const Finding &f) {
            return f.code == e.code && severityName(f.severity) == e.severity && f.object.kind == e.kind &&
                   f.object.qualifiedName() == e.qualifiedName;
        });
        QVERIFY2(found, qPrintable(QStringLiteral("missing: ") + e.code + u' ' + e.severity + u' ' + e.kind + u' ' +
                                   e.qualifiedName + report));
    }
    for (const QString &code : std::as_const(expectedCodes)) {
        const auto want = std::count_if(expected.begin(), expected.end(), [&](const Expected &e) { return e.code == code; });
        const auto got = std::count_if(findings.begin(), findings.end(), [&](const Finding &f) { return f.code == code; });
        QVERIFY2(want == got, qPrintable(QStringLiteral("unexpected extra findings of ") + code + report));
    }
    for (const QString &code : std::as_const(none)) {
        const bool fired = std::any_of(findings.begin(), findings.end(), [&](const Finding &f) { return f.code == code; });
        QVERIFY2(!fired, qPrintable(QStringLiteral("must not fire: ") + code + report));
    }
}

QTEST_GUILESS_MAIN(DiagnosticsTest)
#include "diagnostics_test.moc"
