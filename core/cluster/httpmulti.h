#pragma once

#include "cluster/clusterendpoint.h"

#include <QByteArray>
#include <QHash>
#include <QString>
#include <atomic>
#include <functional>
#include <memory>

namespace routemap {

// One request to the API server. Routemap only ever reads: the method is GET, and the builder refuses
// anything else.
struct HttpRequest {
    QByteArray method = "GET";
    QString pathAndQuery; // "/api/v1/pods?limit=500"
    QByteArray accept = "application/json";
    bool stream = false; // a watch: no low-speed limit, the body goes to onData as it arrives
    int maxSeconds = 0; // whole-transfer limit (0: none)
};

struct HttpResponse {
    int curlCode = 0; // CURLcode; 0 = the exchange completed
    QString transportError; // what libcurl said, when curlCode != 0
    bool tlsError = false; // certificate or handshake failure: never retried, never made insecure
    bool aborted = false; // stopped by cancel() or by onData returning false
    long status = 0; // HTTP status
    QByteArray body; // the whole body (for a stream: only when status != 200)
    int retryAfterSeconds = -1;
    qint64 bytes = 0;
};

// Drives many GET transfers over ONE libcurl multi handle (HTTP/2 multiplexed where the server offers
// it). Not thread-safe: used by the one worker thread, except wakeup(), which any thread may call.
class HttpMulti
{
public:
    using DataFn = std::function<bool(const char *data, qsizetype size)>; // false: abort the transfer
    using HeadersFn = std::function<void(long status)>;
    using DoneFn = std::function<void(const HttpResponse &response)>;

    HttpMulti(const ClusterEndpoint &endpoint, const std::atomic_bool *cancelled);
    ~HttpMulti();
    HttpMulti(const HttpMulti &) = delete;
    HttpMulti &operator=(const HttpMulti &) = delete;

    // Starts a request; returns its id (0 when it could not be built: not a GET, bad URL).
    // For a stream with status 200, onData receives the body as it arrives; onDone is called once, from
    // poll(), never from get() itself.
    quint64 get(const HttpRequest &request, const Credentials &credentials, DoneFn onDone, DataFn onData = {},
        HeadersFn onHeaders = {});
    // Drops a transfer without calling its onDone.
    void cancel(quint64 id);
    void cancelAll();
    // Runs transfers for up to `timeoutMs` (less when woken up or when something completes) and calls
    // the callbacks of what completed.
    void poll(int timeoutMs);
    void wakeup();
    int activeCount() const { return static_cast<int>(m_transfers.size()); }
    qint64 requestCount() const { return m_requests; }

    static QString userAgent();

private:
    struct Transfer;
    void remove(quint64 id);

    ClusterEndpoint m_endpoint;
    QString m_urlBase; // scheme://host:port[/prefix], host replaced by tls-server-name when set
    QByteArray m_connectTo; // CURLOPT_CONNECT_TO entry for tls-server-name
    const std::atomic_bool *m_cancelled;
    void *m_multi = nullptr;
    QHash<quint64, std::shared_ptr<Transfer>> m_transfers;
    quint64 m_nextId = 1;
    qint64 m_requests = 0;
};

} // namespace routemap
