"""The data files that the Vega-Lite specs load by relative url: /data/<name>.

Each is generated from its own seed and cached, as it never changes while the server runs.
"""

from __future__ import annotations

import csv
import io
import math
from collections.abc import Callable
from datetime import date, datetime, timedelta
from functools import cache
from typing import Any

from flask import Response, current_app
from werkzeug.exceptions import NotFound

from .common import JSONObject, blueprint, seeded


def anscombe_rows() -> list[JSONObject]:
    """Four series (I..IV) of 11 points with different shapes, in the spirit of Anscombe."""
    rng = seeded("anscombe")
    rows = []
    for x in range(4, 15):
        rows.append({"Series": "I", "X": x, "Y": round(3 + 0.5 * x + rng.gauss(0, 1.1), 2)})
        bend = -0.13 * x * x + 2.8 * x - 6
        rows.append({"Series": "II", "X": x, "Y": round(bend + rng.gauss(0, 0.05), 2)})
        outlier = 4.0 if x == 13 else 0.0
        rows.append({"Series": "III", "X": x, "Y": round(4 + 0.35 * x + outlier, 2)})
        lone_x = 19 if x == 8 else 8
        lone_y = 12.5 if x == 8 else rng.uniform(5.5, 9)
        rows.append({"Series": "IV", "X": lone_x, "Y": round(lone_y, 2)})
    return rows


def barley_rows() -> list[JSONObject]:
    """Yields of 10 made-up barley varieties at 6 sites over 2 years."""
    rng = seeded("barley")
    varieties = (
        "Amberlight",
        "Bristlecone",
        "Copperhead",
        "Dunmore",
        "Eastwind",
        "Fairhaven",
        "Goldcrest",
        "Highmoor",
        "Ironside",
        "Juniper",
    )
    sites = ("Northfield", "Riverbend", "Stonebridge", "Westmoor", "Elmhurst", "Lakeview")
    site_effect = {site: rng.uniform(-12, 12) for site in sites}
    variety_effect = {variety: rng.uniform(-6, 6) for variety in varieties}
    return [
        {
            "yield": round(
                34
                + site_effect[site]
                + variety_effect[variety]
                + (year - 2024) * 3
                + rng.gauss(0, 3),
                2,
            ),
            "variety": variety,
            "year": year,
            "site": site,
        }
        for year in (2024, 2025)
        for site in sites
        for variety in varieties
    ]


def car_rows() -> list[JSONObject]:
    """150 made-up car models with engine, weight and economy figures (a few unknown: null)."""
    rng = seeded("cars")
    makers = {
        "arden": "USA",
        "bexley": "USA",
        "corvan": "USA",
        "dalton": "USA",
        "everly": "Europe",
        "fennick": "Europe",
        "galway": "Europe",
        "hoshi": "Japan",
        "isamu": "Japan",
        "kenta": "Japan",
    }
    models = ("comet", "ranger", "breeze", "falcon", "harbor", "summit", "vista", "meadow")
    rows = []
    for _ in range(150):
        maker = rng.choice(list(makers))
        cylinders = rng.choices((3, 4, 5, 6, 8), weights=(1, 20, 1, 9, 8))[0]
        displacement = round(cylinders * rng.uniform(30, 50))
        horsepower: int | None = round(displacement * rng.uniform(0.35, 0.55) + 20)
        weight = round(1_400 + displacement * rng.uniform(7, 10))
        mpg: float | None = round(max(9.0, 52 - horsepower * 0.18 - weight / 400), 1)
        acceleration = round(max(8.0, 24 - horsepower / 18 + rng.gauss(0, 1)), 1)
        if rng.random() < 0.05:
            mpg = None
        if rng.random() < 0.03:
            horsepower = None
        rows.append(
            {
                "Name": f"{maker} {rng.choice(models)} {rng.randint(100, 990)}",
                "Miles_per_Gallon": mpg,
                "Cylinders": cylinders,
                "Displacement": displacement,
                "Horsepower": horsepower,
                "Weight_in_lbs": weight,
                "Acceleration": acceleration,
                "Year": f"{rng.randint(1970, 1982)}-01-01",
                "Origin": makers[maker],
            }
        )
    return rows


def github_csv() -> str:
    """Commits per hour over two weeks as CSV (time,count): busy on weekday afternoons."""
    rng = seeded("github")
    start = datetime(2026, 1, 5)  # a Monday
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["time", "count"])
    for hour in range(14 * 24):
        moment = start + timedelta(hours=hour)
        workday = moment.weekday() < 5
        office_hours = 9 <= moment.hour < 19
        mean = (12 if office_hours else 2) * (1 if workday else 0.3)
        # No timezone suffix: browsers read the time as local, so hours stay where they were.
        writer.writerow([moment.strftime("%Y-%m-%dT%H:%M:%S"), max(0, round(rng.gauss(mean, 2)))])
    return out.getvalue()


def movie_rows() -> list[JSONObject]:
    """300 made-up films with ratings, genre, budget and gross (some ratings null)."""
    rng = seeded("movies")
    adjectives = ("Silent", "Crimson", "Last", "Hidden", "Broken", "Golden", "Endless", "Wild")
    nouns = ("Harbor", "Signal", "Orchard", "Frontier", "Echo", "Lantern", "Meridian", "Tide")
    genres = ("Drama", "Comedy", "Action", "Thriller", "Adventure", "Horror", "Documentary")
    rows = []
    for index in range(300):
        quality = rng.gauss(0, 1)
        imdb: float | None = round(min(9.6, max(1.5, 6.4 + 1.1 * quality)), 1)
        tomatoes: int | None = round(min(100, max(0, 60 + 22 * quality + rng.gauss(0, 12))))
        budget = rng.randint(1, 200) * 1_000_000
        gross = round(budget * max(0.05, rng.lognormvariate(0.6 + 0.3 * quality, 0.8)))
        if rng.random() < 0.05:
            imdb = None
        if rng.random() < 0.15:
            tomatoes = None
        rows.append(
            {
                "Title": f"The {rng.choice(adjectives)} {rng.choice(nouns)} {index + 1}",
                "Major_Genre": rng.choice(genres),
                "IMDB_Rating": imdb,
                "Rotten_Tomatoes_Rating": tomatoes,
                "Production_Budget": budget,
                "Worldwide_Gross": gross,
                "US_Gross": round(gross * rng.uniform(0.3, 0.7)),
                "Running_Time_min": rng.randint(80, 170),
                "MPAA_Rating": rng.choice(("G", "PG", "PG-13", "R")),
                "Release_Date": (
                    date(1990, 1, 1) + timedelta(days=rng.randint(0, 12_000))
                ).isoformat(),
            }
        )
    return rows


def population_rows() -> list[JSONObject]:
    """People per 5-year age group and sex (1 male, 2 female), every 10 years 1900-2000."""
    rng = seeded("population")
    rows = []
    for year in range(1900, 2001, 10):
        cohort = 1_500_000 * (1 + (year - 1900) / 60)  # a growing population
        for age in range(0, 91, 5):
            for sex in (1, 2):
                survival = math.exp(-age / (40 if sex == 1 else 46))
                people = cohort * survival * rng.uniform(0.92, 1.08)
                rows.append({"year": year, "age": age, "sex": sex, "people": round(people)})
    return rows


def unemployment_rows() -> list[JSONObject]:
    """Monthly unemployed counts and rates for 10 industries, 2000-2009 (a slump in 2008-09)."""
    rng = seeded("unemployment")
    industries = {
        "Construction": 900,
        "Manufacturing": 1_100,
        "Retail": 1_000,
        "Finance": 300,
        "Education and Health": 600,
        "Leisure and hospitality": 900,
        "Transportation": 350,
        "Information": 150,
        "Agriculture": 150,
        "Government": 500,
    }
    rows = []
    for series, base in industries.items():
        labour_force = base * rng.uniform(12, 20)
        for year in range(2000, 2010):
            for month in range(1, 13):
                months_since_2008 = (year - 2008) * 12 + month
                slump = 1 + 0.8 * max(0, min(months_since_2008, 24)) / 24
                seasonal = 1 + 0.12 * math.cos(2 * math.pi * (month - 1) / 12)
                count = round(base * slump * seasonal * rng.uniform(0.9, 1.1))
                rows.append(
                    {
                        "series": series,
                        "year": year,
                        "month": month,
                        "count": count,
                        "rate": round(100 * count / labour_force, 1),
                        # Midday local time: the month is right whatever the viewer's timezone.
                        "date": f"{year}-{month:02d}-01T12:00:00",
                    }
                )
    return rows


# name -> (builder, mimetype); builders are cached: the files never change while running.
DATA_FILES: dict[str, tuple[Callable[[], Any], str]] = {
    "anscombe.json": (cache(anscombe_rows), "application/json"),
    "barley.json": (cache(barley_rows), "application/json"),
    "cars.json": (cache(car_rows), "application/json"),
    "github.csv": (cache(github_csv), "text/csv"),
    "movies.json": (cache(movie_rows), "application/json"),
    "population.json": (cache(population_rows), "application/json"),
    "unemployment-across-industries.json": (cache(unemployment_rows), "application/json"),
}


@blueprint.get("/data/<path:filename>")
def data_file(filename: str) -> Response:
    """A generated data set that Vega-Lite specs load by relative url (see "data_files" in /)."""
    if filename not in DATA_FILES:
        raise NotFound(f"No data file {filename!r}; there are: {', '.join(DATA_FILES)}.")
    build, mimetype = DATA_FILES[filename]
    if mimetype == "text/csv":
        return Response(build(), mimetype=mimetype)
    return current_app.json.response(build())
