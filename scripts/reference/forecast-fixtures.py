#!/usr/bin/env python3
"""Reference forecasts from statsmodels for test/domain/forecast/*.test.ts.

Run with Debian's statsmodels (apt-get install -y python3-statsmodels):

    /usr/bin/python3 scripts/reference/forecast-fixtures.py > test/domain/forecast/fixtures/statsmodels.json

For a few fixed series it writes:
- SES: SimpleExpSmoothing(initialization_method='known', initial_level=y[0])
  .fit(smoothing_level=alpha, optimized=False) -- the level starts at the first observation, as
  statsforecast's ses_forecast and src/domain/forecast/ses.ts do;
- Holt-Winters: ExponentialSmoothing(trend='add', seasonal='add', seasonal_periods=7,
  initialization_method='known') with the initial level, trend and seasonals from statsmodels' own
  _initialization_simple (Hyndman & Athanasopoulos 7.6), which src/domain/forecast/holt-winters.ts
  reproduces; .fit(smoothing_level, smoothing_trend, smoothing_seasonal, optimized=False). Both
  its forecast() and the textbook forecast from its fitted level/trend/season states are written
  (they differ only at steps h = 7, 14: see hw_forecast).
Series shorter than two seasons get no Holt-Winters reference (the TypeScript falls back to SES).
The series are generated here from fixed seeds and written into the fixture, so the TypeScript
tests read the exact same numbers.
"""
import json
import sys
import warnings

import numpy as np
import statsmodels
from statsmodels.tsa.exponential_smoothing.initialization import _initialization_simple
from statsmodels.tsa.holtwinters import ExponentialSmoothing, SimpleExpSmoothing

HORIZON = 14
SEASON = 7
SES_ALPHAS = [0.1, 0.3]
HW_PARAMS = [
    {"alpha": 0.1, "beta": 0.01, "gamma": 0.1},
    {"alpha": 0.3, "beta": 0.1, "gamma": 0.2},
]


def series():
    rng = np.random.RandomState(20261123)
    days = np.arange(56)
    smooth = np.round(20 + 0.1 * days[:35] + rng.normal(0, 2, 35), 2)
    intermittent = np.where(rng.uniform(size=42) < 0.25, rng.randint(1, 9, size=42), 0).astype(float)
    weekly = np.array([12, 10, 9, 11, 15, 24, 20], dtype=float)
    seasonal = np.round(weekly[days % 7] + 0.05 * days + rng.normal(0, 1, 56), 2)
    return {
        "smooth": smooth.tolist(),
        "intermittent": intermittent.tolist(),
        "seasonal_weekly": seasonal.tolist(),
        "all_zero": [0.0] * 21,
        "short": [3.0, 0.0, 5.0, 2.0, 0.0, 4.0, 1.0, 0.0, 6.0, 2.0],
    }


def ses_forecast(y, alpha):
    model = SimpleExpSmoothing(np.asarray(y), initialization_method="known", initial_level=y[0])
    return model.fit(smoothing_level=alpha, optimized=False).forecast(HORIZON).tolist()


def hw_forecast(y, p):
    y = np.asarray(y)
    level, trend, seasonal = _initialization_simple(y, trend="add", seasonal="add", seasonal_periods=SEASON)
    model = ExponentialSmoothing(
        y, trend="add", seasonal="add", seasonal_periods=SEASON, initialization_method="known",
        initial_level=level, initial_trend=trend, initial_seasonal=seasonal,
    )
    fit = model.fit(smoothing_level=p["alpha"], smoothing_trend=p["beta"], smoothing_seasonal=p["gamma"], optimized=False)
    # statsmodels' forecast() (0.13.5, HoltWintersModel._predict) replaces the seasonal state
    # updated by the LAST observation with the one it replaced, so steps h = m, 2m, ... use the
    # last observed weekday's effect from one season earlier. The textbook forecast (FPP 7.3:
    # y(n+h) = l(n) + h b(n) + s(n+h-m(k+1))) uses the updated state. Both are written: the
    # TypeScript follows the textbook and must equal statsmodels' own forecast() on every other step.
    level, trend, season = np.asarray(fit.level), np.asarray(fit.trend), np.asarray(fit.season)
    n = len(y)
    from_states = [level[-1] + h * trend[-1] + season[n - SEASON + (h - 1) % SEASON] for h in range(1, HORIZON + 1)]
    statsmodels_forecast = fit.forecast(HORIZON).tolist()
    for h in range(1, HORIZON + 1):
        if h % SEASON != 0:
            assert abs(from_states[h - 1] - statsmodels_forecast[h - 1]) < 1e-9, (h, from_states, statsmodels_forecast)
    return statsmodels_forecast, [float(v) for v in from_states]


def main():
    warnings.simplefilter("ignore")  # all-zero series: statsmodels warns about a constant series
    cases = []
    for name, y in series().items():
        for alpha in SES_ALPHAS:
            cases.append({"series": name, "model": "ses", "params": {"alpha": alpha}, "forecast": ses_forecast(y, alpha)})
        if len(y) >= 2 * SEASON:
            for p in HW_PARAMS:
                forecast, from_states = hw_forecast(y, p)
                cases.append({"series": name, "model": "holt_winters", "params": p, "forecast": forecast, "forecastFromStates": from_states})
    out = {
        "generator": "scripts/reference/forecast-fixtures.py",
        "statsmodels": statsmodels.__version__,
        "horizon": HORIZON,
        "seasonLength": SEASON,
        "series": series(),
        "cases": cases,
    }
    json.dump(out, sys.stdout, separators=(",", ":"))
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
