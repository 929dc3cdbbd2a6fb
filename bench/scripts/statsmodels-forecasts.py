#!/usr/bin/env python3
"""The daily run's forecasts through statsmodels, for bench/daily-run.ts's side-by-side speed ratio.

Reads {"horizon", "weeks", "params": {alpha, beta, gamma, alphaDemand, alphaProbability}, "series": [[...], ...]}
on stdin; per series, the same forecasts as src/domain/forecast with the same fixed parameters:
- ses: SimpleExpSmoothing(initialization_method='known', initial_level=y[0]).fit(smoothing_level=alpha, optimized=False)
- holt_winters: ExponentialSmoothing(trend='add', seasonal='add', seasonal_periods=7, initialization_method='known',
  initial values from statsmodels' _initialization_simple).fit(alpha, beta, gamma, optimized=False); SES below two seasons
- ma7, croston, croston_sba, tsb: statsmodels has none of these; plain Python loops as statsforecast defines them
then the rolling-origin backtest (every method at every weekly origin, as src/domain/forecast/backtest.ts) and
the auto choice by WAPE. Writes {"seconds_forecast", "seconds_backtest", "series", "ses", "holt_winters"} on stdout.

    /usr/bin/python3 bench/scripts/statsmodels-forecasts.py < sample.json
"""
import json
import sys
import time
import warnings

import numpy as np
import statsmodels
from statsmodels.tsa.exponential_smoothing.initialization import _initialization_simple
from statsmodels.tsa.holtwinters import ExponentialSmoothing, SimpleExpSmoothing

SEASON = 7


def ses(y, h, p):
    if len(y) == 0:
        return np.zeros(h)
    fit = SimpleExpSmoothing(y, initialization_method="known", initial_level=y[0]).fit(smoothing_level=p["alpha"], optimized=False)
    return np.maximum(fit.forecast(h), 0)


def holt_winters(y, h, p):
    if len(y) < 2 * SEASON:
        return ses(y, h, p)
    level, trend, seasonal = _initialization_simple(y, trend="add", seasonal="add", seasonal_periods=SEASON)
    model = ExponentialSmoothing(
        y, trend="add", seasonal="add", seasonal_periods=SEASON, initialization_method="known",
        initial_level=level, initial_trend=trend, initial_seasonal=seasonal,
    )
    fit = model.fit(smoothing_level=p["alpha"], smoothing_trend=p["beta"], smoothing_seasonal=p["gamma"], optimized=False)
    return np.maximum(fit.forecast(h), 0)


def ma7(y, h, p):
    return np.full(h, y[-7:].sum() / 7 if len(y) else 0.0)


def croston_rate(y, alpha):
    nz = np.flatnonzero(y > 0)
    if len(nz) == 0:
        return y[-1] if len(y) else 0.0
    sizes = y[nz]
    gaps = np.diff(nz + 1, prepend=0)
    size, gap = sizes[0], gaps[0]
    for z, q in zip(sizes[1:], gaps[1:]):
        size += alpha * (z - size)
        gap += alpha * (q - gap)
    return size / gap if gap else size


def croston(y, h, p):
    return np.full(h, max(croston_rate(y, p["alpha"]), 0))


def croston_sba(y, h, p):
    return np.full(h, max(croston_rate(y, p["alpha"]) * (1 - p["alpha"] / 2), 0))


def tsb(y, h, p):
    if len(y) == 0:
        return np.zeros(h)
    prob = 1.0 if y[0] != 0 else 0.0
    size, seen = 0.0, False
    for i, v in enumerate(y):
        if i > 0:
            prob += p["alphaProbability"] * ((1.0 if v != 0 else 0.0) - prob)
        if v > 0:
            if seen:
                size += p["alphaDemand"] * (v - size)
            else:
                size, seen = v, True
    return np.full(h, prob * size if seen else 0.0)


METHODS = [("ma7", ma7), ("ses", ses), ("croston", croston), ("croston_sba", croston_sba), ("tsb", tsb), ("holt_winters", holt_winters)]


def backtest(y, weeks, h, p):
    n = len(y)
    origins = [t for t in range(n - 1 - 7, -1, -7) if t >= n - 7 * weeks - 1 and t + 1 >= 14]
    abs_err = np.zeros(len(METHODS))
    actual = 0.0
    for t in origins:
        scored = min(h, n - 1 - t)
        a = y[t + 1 : t + 1 + scored]
        actual += a.sum()
        for j, (_, f) in enumerate(METHODS):
            abs_err[j] += np.abs(f(y[: t + 1], h, p)[:scored] - a).sum()
    wape = abs_err / actual if actual > 0 else np.full(len(METHODS), np.nan)
    return METHODS[int(np.nanargmin(wape))][0] if actual > 0 else "ma7"


def main():
    warnings.simplefilter("ignore")
    data = json.load(sys.stdin)
    h, weeks, p = data["horizon"], data["weeks"], data["params"]
    series = [np.asarray(s, dtype=float) for s in data["series"]]
    started = time.perf_counter()
    out = {name: [] for name, _ in METHODS}
    for y in series:
        for name, f in METHODS:
            out[name].append(f(y, h, p).tolist())
    forecast_seconds = time.perf_counter() - started
    started = time.perf_counter()
    for y in series:
        backtest(y, weeks, h, p)
    backtest_seconds = time.perf_counter() - started
    json.dump(
        {
            "statsmodels": statsmodels.__version__,
            "series": len(series),
            "seconds_forecast": forecast_seconds,
            "seconds_backtest": backtest_seconds,
            "ses": out["ses"],
            "holt_winters": out["holt_winters"],
        },
        sys.stdout,
    )


if __name__ == "__main__":
    main()
