"""The bench's wrk driver reads wrk's report as wrk prints it."""

from __future__ import annotations

from bench.load import parse_wrk

REPORT = """Running 10s test @ http://127.0.0.1:8000/networks/x
  2 threads and 8 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency    40.10ms   12.20ms 300.00ms   90.00%
    Req/Sec    99.00     10.00   120.00     70.00%
  Latency Distribution
     50%   38.50ms
     75%   44.00ms
     90%   52.00ms
     99%    1.20s
  1990 requests in 10.02s, 19.10MB read
  Socket errors: connect 0, read 1, write 0, timeout 2
  Non-2xx or 3xx responses: 10
Requests/sec:    198.60
Transfer/sec:      1.91MB
"""


def test_wrk_report_gives_ok_requests_per_second_and_percentiles_in_ms():
    result = parse_wrk(REPORT, 10)
    assert result["requests"] == 1990 and result["ok"] == 1980
    assert result["rps"] == round(1980 / 10.02, 1)
    assert result["p50_ms"] == 38.5 and result["p99_ms"] == 1200.0
    assert result["statuses"] == {"non_2xx": 10, "socket_errors": 3}


def test_microseconds_are_read_as_fractions_of_a_millisecond():
    fast = REPORT.replace("38.50ms", "500.00us").replace("1.20s", "2.50ms")
    result = parse_wrk(fast, 10)
    assert result["p50_ms"] == 0.5 and result["p99_ms"] == 2.5
