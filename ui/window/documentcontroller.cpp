#include "documentcontroller.h"

#include "engine/manifestsource.h"
#include "graph/graphscene.h"
#include "layout/layoutworker.h"

#include <QFile>
#include <QGraphicsView>

// Resources live in the static routemap_ui library; they have to be registered by name, outside any namespace.
static void initRoutemapResources()
{
    Q_INIT_RESOURCE(resources);
}

namespace routemap {

namespace {

const QString demoResource = QStringLiteral(":/demo/demo.yaml");

} // namespace

// "1 object", "3 objects": the English plural without translation files.
QString counted(int n, const QString &singular, const QString &plural)
{
    return QString::number(n) + u' ' + (n == 1 ? singular : plural);
}

DocumentController::DocumentController(GraphScene *scene, QObject *parent)
    : QObject(parent)
    , m_scene(scene)
    , m_layout(new LayoutWorker(this))
    , m_runner(new AnalysisRunner(this))
{
    static const bool resourcesReady = (initRoutemapResources(), true);
    Q_UNUSED(resourcesReady)
    connect(m_runner, &AnalysisRunner::analysisReady, this, &DocumentController::onAnalysis);
    connect(m_runner, &AnalysisRunner::statusChanged, this, &DocumentController::onStatus);
    connect(m_layout, &LayoutWorker::layoutReady, this, &DocumentController::onLayoutReady);
}

DocumentController::~DocumentController()
{
    m_runner->clear();
}

void DocumentController::openPaths(const QStringList &paths)
{
    m_paths = paths;
    m_demo = false;
    m_cluster = false;
    open(std::make_unique<ManifestSource>(paths));
}

void DocumentController::openDemo()
{
    QByteArray data;
    QFile demo(demoResource);
    if (demo.open(QIODevice::ReadOnly)) {
        data = demo.readAll();
    }
    m_paths.clear();
    m_demo = true;
    m_cluster = false;
    if (data.isEmpty()) {
        emit failed(tr("The built-in demo is missing from this build."));
    }
    open(std::make_unique<ManifestSource>(data, QStringLiteral("demo.yaml"), tr("demo")));
}

void DocumentController::openCluster(const ClusterSpec &spec)
{
    m_paths.clear();
    m_demo = false;
    m_cluster = true;
    open(std::make_unique<ClusterSource>(spec));
}

void DocumentController::open(std::unique_ptr<Source> source)
{
    m_busy = true;
    m_status = SourceStatus();
    m_laidOutGraph.clear();
    const QString name = source->displayName();
    emit loadingStarted();
    emit statusMessage(tr("Loading %1…").arg(name));
    m_runner->setSource(std::move(source), true);
}

void DocumentController::reload()
{
    if (hasSource()) {
        m_busy = true;
        emit loadingStarted();
        emit statusMessage(tr("Loading %1…").arg(sourceName()));
        m_runner->source()->refresh();
    }
}

void DocumentController::close()
{
    m_runner->clear();
    ++m_layoutGeneration;
    m_paths.clear();
    m_demo = false;
    m_cluster = false;
    m_busy = false;
    m_analysis.reset();
    m_status = SourceStatus();
    m_laidOutGraph.clear();
    m_layoutGeneration = 0;
    m_scene->clearGraph();
    emit analysed();
    emit graphReady();
}

QString DocumentController::sourceName() const
{
    return hasSource() ? m_runner->source()->displayName() : QString();
}

ManifestSource *DocumentController::manifestSource() const
{
    return qobject_cast<ManifestSource *>(m_runner->source());
}

int DocumentController::fileCount() const
{
    const ManifestSource *manifests = manifestSource();
    return manifests ? manifests->fileCount() : 0;
}

QString DocumentController::summary() const
{
    if (!hasSource()) {
        return {};
    }
    QStringList parts;
    QString objects = counted(static_cast<int>(snapshot().objects().size()), tr("object"), tr("objects"));
    if (fileCount() > 0) {
        objects += tr(" from %1").arg(counted(fileCount(), tr("file"), tr("files")));
    }
    parts << objects;
    const int issues = static_cast<int>(snapshot().issues().size());
    if (issues > 0) {
        parts << counted(issues, tr("load problem"), tr("load problems"));
    }
    const FindingCounts counts = countFindings(findings());
    QStringList findingParts;
    if (counts.error > 0) {
        findingParts << counted(counts.error, tr("error"), tr("errors"));
    }
    if (counts.warning > 0) {
        findingParts << counted(counts.warning, tr("warning"), tr("warnings"));
    }
    if (!findingParts.isEmpty()) {
        parts << findingParts.join(QStringLiteral(", "));
    }
    return parts.join(QStringLiteral(" · "));
}

void DocumentController::setHideInternal(bool hide)
{
    if (m_hideInternal == hide) {
        return;
    }
    m_hideInternal = hide;
    if (m_analysis && !m_analysis->topology.nodes.isEmpty()) {
        requestLayout();
    }
}

void DocumentController::setComplete(bool complete)
{
    AnalysisOptions options = m_runner->options();
    options.complete = complete;
    m_runner->setOptions(options);
}

QStringList DocumentController::watchedFiles() const
{
    const ManifestSource *manifests = manifestSource();
    return manifests ? manifests->watchedFiles() : QStringList();
}

QStringList DocumentController::watchedDirectories() const
{
    const ManifestSource *manifests = manifestSource();
    return manifests ? manifests->watchedDirectories() : QStringList();
}

void DocumentController::onStatus(const SourceStatus &status)
{
    m_status = status;
    emit sourceStatusChanged(status);
    if (status.state == SourceStatus::State::Failed) {
        m_busy = false;
        emit failed(status.message);
    }
}

void DocumentController::onAnalysis(const AnalysisPtr &analysis)
{
    m_analysis = analysis;
    emit analysed();
    const QString graph = analysis->topology.toText();
    if (!m_laidOutGraph.isEmpty() && graph == m_laidOutGraph) {
        // Same graph: recolour in place, keep positions, zoom and selection.
        m_scene->setFindings(analysis->findings, analysis->marks);
        m_busy = false;
        emit findingsChanged();
        emit statusMessage(summary());
        return;
    }
    m_laidOutGraph = graph;
    requestLayout();
}

void DocumentController::requestLayout()
{
    m_busy = true;
    const Topology &topology = m_analysis->topology;
    LayoutOptions options = m_scene->layoutOptions(topology, m_hideInternal);
    // Namespace blocks are packed to the shape of the window, so a big map fills it instead of a tall strip.
    const QList<QGraphicsView *> views = m_scene->views();
    if (!views.isEmpty()) {
        const QSize viewport = views.first()->viewport()->size();
        if (viewport.width() > 100 && viewport.height() > 100) {
            options.aspectRatio = static_cast<double>(viewport.width()) / viewport.height();
        }
    }
    m_layoutGeneration = m_layout->request(topology, options);
}

void DocumentController::onLayoutReady(quint64 generation, const Topology &topology, const Layout &layout)
{
    if (generation != m_layoutGeneration || !m_analysis) {
        return;
    }
    m_busy = false;
    m_scene->setGraph(topology, layout);
    m_scene->setFindings(m_analysis->findings, markFindings(topology, m_analysis->findings));
    m_scene->setInternalDimmed(true);
    emit graphReady();
    emit statusMessage(summary());
}

} // namespace routemap
