#include "httpmulti.h"

#include <QCoreApplication>
#include <QUrl>
#include <curl/curl.h>

namespace routemap {

namespace {

struct CurlGlobal {
    CurlGlobal() { curl_global_init(CURL_GLOBAL_DEFAULT); }
};

void ensureCurlGlobal()
{
    static const CurlGlobal once;
    Q_UNUSED(once);
}

bool isTlsError(CURLcode code)
{
    switch (code) {
    case CURLE_SSL_CONNECT_ERROR:
    case CURLE_PEER_FAILED_VERIFICATION:
    case CURLE_SSL_CERTPROBLEM:
    case CURLE_SSL_CIPHER:
    case CURLE_SSL_CACERT_BADFILE:
    case CURLE_SSL_ISSUER_ERROR:
    case CURLE_SSL_PINNEDPUBKEYNOTMATCH:
    case CURLE_SSL_INVALIDCERTSTATUS:
    case CURLE_SSL_CRL_BADFILE:
    case CURLE_SSL_ENGINE_NOTFOUND:
    case CURLE_SSL_ENGINE_SETFAILED:
    case CURLE_SSL_ENGINE_INITFAILED:
    case CURLE_USE_SSL_FAILED:
        return true;
    default:
        return false;
    }
}

void setBlob(CURL *easy, CURLoption option, const QByteArray &data)
{
    curl_blob blob {};
    blob.data = const_cast<char *>(data.constData());
    blob.len = static_cast<size_t>(data.size());
    blob.flags = CURL_BLOB_COPY;
    curl_easy_setopt(easy, option, &blob);
}

} // namespace

struct HttpMulti::Transfer {
    quint64 id = 0;
    CURL *easy = nullptr;
    curl_slist *headers = nullptr;
    curl_slist *connectTo = nullptr;
    bool stream = false;
    bool headersSeen = false;
    bool abortedByData = false;
    HttpResponse response;
    DoneFn onDone;
    DataFn onData;
    HeadersFn onHeaders;
    const std::atomic_bool *cancelled = nullptr;
    char error[CURL_ERROR_SIZE] = {};

    ~Transfer()
    {
        if (easy) {
            curl_easy_cleanup(easy);
        }
        curl_slist_free_all(headers);
        curl_slist_free_all(connectTo);
    }

    long currentStatus() const
    {
        long status = 0;
        curl_easy_getinfo(easy, CURLINFO_RESPONSE_CODE, &status);
        return status;
    }

    static size_t onHeaderLine(char *data, size_t size, size_t count, void *user)
    {
        auto *t = static_cast<Transfer *>(user);
        const size_t n = size * count;
        const QByteArray line = QByteArray(data, static_cast<qsizetype>(n)).trimmed();
        if (line.startsWith("HTTP/")) {
            t->response.retryAfterSeconds = -1; // a new response (after 100-continue and the like)
        } else if (line.toLower().startsWith("retry-after:")) {
            bool ok = false;
            const int seconds = line.mid(12).trimmed().toInt(&ok);
            t->response.retryAfterSeconds = ok && seconds >= 0 ? seconds : 1; // an HTTP-date: retry soon
        } else if (line.isEmpty() && !t->headersSeen) {
            const long status = t->currentStatus();
            if (status >= 200) {
                t->headersSeen = true;
                if (t->onHeaders) {
                    t->onHeaders(status);
                }
            }
        }
        return n;
    }

    static size_t onBody(char *data, size_t size, size_t count, void *user)
    {
        auto *t = static_cast<Transfer *>(user);
        const size_t n = size * count;
        t->response.bytes += static_cast<qint64>(n);
        if (t->stream && t->onData && t->currentStatus() == 200) {
            if (!t->onData(data, static_cast<qsizetype>(n))) {
                t->abortedByData = true;
                return 0; // CURLE_WRITE_ERROR ends the transfer
            }
            return n;
        }
        if (t->response.body.size() > 512 * 1024 * 1024) {
            return 0; // no list is that large; do not run out of memory on a broken server
        }
        t->response.body.append(data, static_cast<qsizetype>(n));
        return n;
    }

    static int onProgress(void *user, curl_off_t, curl_off_t, curl_off_t, curl_off_t)
    {
        auto *t = static_cast<Transfer *>(user);
        return t->cancelled && t->cancelled->load() ? 1 : 0;
    }
};

HttpMulti::HttpMulti(const ClusterEndpoint &endpoint, const std::atomic_bool *cancelled)
    : m_endpoint(endpoint)
    , m_cancelled(cancelled)
{
    ensureCurlGlobal();
    m_multi = curl_multi_init();
    curl_multi_setopt(m_multi, CURLMOPT_PIPELINING, CURLPIPE_MULTIPLEX);

    QString server = endpoint.server;
    while (server.endsWith(u'/')) {
        server.chop(1);
    }
    QUrl url(server);
    if (!endpoint.tlsServerName.isEmpty() && url.isValid() && !url.host().isEmpty()) {
        // Connect to the real address but send and verify the given name (SNI and certificate), as
        // client-go's tls-server-name does: the URL names the server, CONNECT_TO says where it is.
        const int port = url.port(url.scheme() == QLatin1String("http") ? 80 : 443);
        QString host = url.host();
        if (host.contains(u':')) {
            host = u'[' + host + u']';
        }
        m_connectTo
            = (endpoint.tlsServerName + u':' + QString::number(port) + u':' + host + u':' + QString::number(port))
                  .toUtf8();
        url.setHost(endpoint.tlsServerName);
        url.setPort(port);
    }
    m_urlBase = url.toString();
    while (m_urlBase.endsWith(u'/')) {
        m_urlBase.chop(1);
    }
}

HttpMulti::~HttpMulti()
{
    cancelAll();
    curl_multi_cleanup(m_multi);
}

QString HttpMulti::userAgent()
{
    QString version = QCoreApplication::applicationVersion();
    if (version.isEmpty()) {
        version = QStringLiteral("dev");
    }
    return QStringLiteral("routemap/") + version;
}

quint64 HttpMulti::get(
    const HttpRequest &request, const Credentials &credentials, DoneFn onDone, DataFn onData, HeadersFn onHeaders)
{
    // Routemap never changes a cluster: anything but GET is a programming error.
    Q_ASSERT(request.method == "GET");
    if (request.method != "GET") {
        qWarning("routemap: refusing a %s request; only GET is ever sent", request.method.constData());
        return 0;
    }
    auto t = std::make_shared<Transfer>();
    t->easy = curl_easy_init();
    if (!t->easy) {
        return 0;
    }
    t->id = m_nextId++;
    t->stream = request.stream;
    t->onDone = std::move(onDone);
    t->onData = std::move(onData);
    t->onHeaders = std::move(onHeaders);
    t->cancelled = m_cancelled;
    CURL *e = t->easy;

    const QByteArray url = (m_urlBase + request.pathAndQuery).toUtf8();
    curl_easy_setopt(e, CURLOPT_URL, url.constData());
    curl_easy_setopt(e, CURLOPT_HTTPGET, 1L);
    curl_easy_setopt(e, CURLOPT_PROTOCOLS_STR, "https,http");
    curl_easy_setopt(e, CURLOPT_FOLLOWLOCATION, 0L);
    curl_easy_setopt(e, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(e, CURLOPT_HTTP_VERSION, static_cast<long>(CURL_HTTP_VERSION_2TLS));
    curl_easy_setopt(e, CURLOPT_PIPEWAIT, 1L);
    if (!m_endpoint.disableCompression) {
        curl_easy_setopt(e, CURLOPT_ACCEPT_ENCODING, "");
    }
    curl_easy_setopt(e, CURLOPT_USERAGENT, userAgent().toUtf8().constData());
    curl_easy_setopt(e, CURLOPT_ERRORBUFFER, t->error);
    curl_easy_setopt(e, CURLOPT_CONNECTTIMEOUT, 10L);
    curl_easy_setopt(e, CURLOPT_TCP_KEEPALIVE, 1L);
    curl_easy_setopt(e, CURLOPT_TCP_KEEPIDLE, 30L);
    curl_easy_setopt(e, CURLOPT_TCP_KEEPINTVL, 10L);
    if (!request.stream) {
        // A list that stalls for a minute is dead; a watch may rightly be quiet for minutes.
        curl_easy_setopt(e, CURLOPT_LOW_SPEED_LIMIT, 1L);
        curl_easy_setopt(e, CURLOPT_LOW_SPEED_TIME, 60L);
    }
    if (request.maxSeconds > 0) {
        curl_easy_setopt(e, CURLOPT_TIMEOUT, static_cast<long>(request.maxSeconds));
    }

    // TLS: the kubeconfig's CA (else the system's), never weaker unless the kubeconfig says so.
    if (!m_endpoint.certificateAuthorityPem.isEmpty()) {
        setBlob(e, CURLOPT_CAINFO_BLOB, m_endpoint.certificateAuthorityPem);
    }
    const long verify = m_endpoint.insecureSkipTlsVerify ? 0L : 1L;
    curl_easy_setopt(e, CURLOPT_SSL_VERIFYPEER, verify);
    curl_easy_setopt(e, CURLOPT_SSL_VERIFYHOST, verify * 2);
    if (!credentials.clientCertificatePem.isEmpty() && !credentials.clientKeyPem.isEmpty()) {
        curl_easy_setopt(e, CURLOPT_SSLCERTTYPE, "PEM");
        setBlob(e, CURLOPT_SSLCERT_BLOB, credentials.clientCertificatePem);
        curl_easy_setopt(e, CURLOPT_SSLKEYTYPE, "PEM");
        setBlob(e, CURLOPT_SSLKEY_BLOB, credentials.clientKeyPem);
    }
    if (!m_endpoint.proxyUrl.isEmpty()) {
        curl_easy_setopt(e, CURLOPT_PROXY, m_endpoint.proxyUrl.toUtf8().constData());
    }

    curl_slist *headers = nullptr;
    headers = curl_slist_append(headers, QByteArray(QByteArray("Accept: ") + request.accept).constData());
    if (!credentials.token.isEmpty()) {
        headers = curl_slist_append(
            headers, QByteArray(QByteArray("Authorization: Bearer ") + credentials.token.toUtf8()).constData());
    } else if (!credentials.username.isEmpty()) {
        curl_easy_setopt(e, CURLOPT_HTTPAUTH, static_cast<long>(CURLAUTH_BASIC));
        curl_easy_setopt(e, CURLOPT_USERNAME, credentials.username.toUtf8().constData());
        curl_easy_setopt(e, CURLOPT_PASSWORD, credentials.password.toUtf8().constData());
    }
    t->headers = headers;
    curl_easy_setopt(e, CURLOPT_HTTPHEADER, headers);
    if (!m_connectTo.isEmpty()) {
        t->connectTo = curl_slist_append(nullptr, m_connectTo.constData());
        curl_easy_setopt(e, CURLOPT_CONNECT_TO, t->connectTo);
    }

    curl_easy_setopt(e, CURLOPT_HEADERFUNCTION, &Transfer::onHeaderLine);
    curl_easy_setopt(e, CURLOPT_HEADERDATA, t.get());
    curl_easy_setopt(e, CURLOPT_WRITEFUNCTION, &Transfer::onBody);
    curl_easy_setopt(e, CURLOPT_WRITEDATA, t.get());
    curl_easy_setopt(e, CURLOPT_XFERINFOFUNCTION, &Transfer::onProgress);
    curl_easy_setopt(e, CURLOPT_XFERINFODATA, t.get());
    curl_easy_setopt(e, CURLOPT_NOPROGRESS, 0L);
    curl_easy_setopt(e, CURLOPT_PRIVATE, reinterpret_cast<void *>(static_cast<quintptr>(t->id)));

    if (curl_multi_add_handle(m_multi, e) != CURLM_OK) {
        return 0;
    }
    m_transfers.insert(t->id, t);
    ++m_requests;
    return t->id;
}

void HttpMulti::remove(quint64 id)
{
    const auto it = m_transfers.find(id);
    if (it == m_transfers.end()) {
        return;
    }
    curl_multi_remove_handle(m_multi, it.value()->easy);
    m_transfers.erase(it);
}

void HttpMulti::cancel(quint64 id)
{
    remove(id);
}

void HttpMulti::cancelAll()
{
    const QList<quint64> ids = m_transfers.keys();
    for (const quint64 id : ids) {
        remove(id);
    }
}

void HttpMulti::wakeup()
{
    curl_multi_wakeup(m_multi);
}

void HttpMulti::poll(int timeoutMs)
{
    int running = 0;
    curl_multi_perform(m_multi, &running);
    curl_multi_poll(m_multi, nullptr, 0, qMax(0, timeoutMs), nullptr);
    curl_multi_perform(m_multi, &running);

    // Collect first, then call back: a callback may start or cancel transfers.
    QList<std::shared_ptr<Transfer>> done;
    int queued = 0;
    while (CURLMsg *msg = curl_multi_info_read(m_multi, &queued)) {
        if (msg->msg != CURLMSG_DONE) {
            continue;
        }
        void *priv = nullptr;
        curl_easy_getinfo(msg->easy_handle, CURLINFO_PRIVATE, &priv);
        const auto id = static_cast<quint64>(reinterpret_cast<quintptr>(priv));
        const auto it = m_transfers.find(id);
        if (it == m_transfers.end()) {
            continue;
        }
        std::shared_ptr<Transfer> t = it.value();
        const CURLcode code = msg->data.result;
        t->response.curlCode = static_cast<int>(code);
        t->response.status = t->currentStatus();
        if (code != CURLE_OK) {
            t->response.transportError
                = t->error[0] ? QString::fromUtf8(t->error) : QString::fromUtf8(curl_easy_strerror(code));
            t->response.tlsError = isTlsError(code);
            t->response.aborted = t->abortedByData || code == CURLE_ABORTED_BY_CALLBACK;
        }
        curl_multi_remove_handle(m_multi, t->easy);
        m_transfers.erase(it);
        done.append(t);
    }
    for (const std::shared_ptr<Transfer> &t : std::as_const(done)) {
        if (t->onDone) {
            t->onDone(t->response);
        }
    }
}

} // namespace routemap
