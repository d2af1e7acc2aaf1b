/**
 * The Python the starter notebook defines once, in its setup cell: readers that sniff a
 * text table's encoding, delimiter and decimal mark, a JSON/GeoJSON/Excel/Parquet loader
 * that degrades to a message when a reader is missing, an overview, a describe and one
 * chart, and (when the dataset has DataStore tables) a paging `datastore_search` client
 * without any token. Every helper returns None or prints why instead of raising, so the
 * notebook runs top to bottom even when a file could not be copied.
 */
export const setupCode = String.raw`import csv, io, json, os, re, urllib.error, urllib.parse, urllib.request
from pathlib import Path

import pandas as pd
import matplotlib.pyplot as plt
from IPython.display import display

%matplotlib inline
pd.set_option("display.max_columns", 30)
DATA = Path("data")


def read_text_table(path, sep=None):
    """A CSV/TSV whose encoding, separator and decimal mark nobody recorded."""
    raw = path.read_bytes()
    for encoding in ("utf-8-sig", "cp1252", "latin-1"):
        try:
            text = raw.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    sample = text[:50000]
    if sep is None:
        sep = sniff_separator(sample)
    decimal = "," if sep != "," and re.search(r"\d,\d", sample) else "."
    print(f"{path.name}: encoding {encoding}, separator {sep!r}, decimal mark {decimal!r}")
    return with_dates(pd.read_csv(io.StringIO(text), sep=sep, decimal=decimal))


def sniff_separator(sample):
    """The candidate found the same number of times on each of the first lines (the most
    often, when several are): a header like "PM2,5" does not fool it."""
    lines = [line for line in sample.splitlines()[:20] if line.strip()]
    best, best_count = ",", 0
    for candidate in ("\t", ";", "|", ","):
        counts = {line.count(candidate) for line in lines}
        if len(counts) == 1 and counts.pop() > best_count:
            best, best_count = candidate, len(lines) and lines[0].count(candidate)
    return best


DATE_FORMATS = ("%Y-%m-%d", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M:%S", "%d.%m.%Y", "%d/%m/%Y", "%m/%d/%Y")


def with_dates(df):
    """Text columns that are all dates in one format become datetime columns."""
    for column in df.columns:
        values = df[column]
        if values.dtype != object or values.dropna().empty:
            continue
        sample = values.dropna().head(200)
        for fmt in DATE_FORMATS:
            # A sample first: most text columns are not dates, and parsing is slow.
            if pd.to_datetime(sample, format=fmt, errors="coerce").isna().any():
                continue
            parsed = pd.to_datetime(values, format=fmt, errors="coerce")
            if parsed.notna().sum() == values.notna().sum():
                df[column] = parsed
                break
    return df


def read_data(path, kind):
    """The file as a DataFrame (a dict of them for a workbook), or None with the reason."""
    if not path.exists():
        print(f"{path} was not copied into this session: see data/MANIFEST.json for why.")
        return None
    try:
        if kind == "csv":
            return read_text_table(path)
        if kind == "tsv":
            return read_text_table(path, sep="\t")
        if kind == "excel":
            return {name: with_dates(sheet) for name, sheet in pd.read_excel(path, sheet_name=None).items()}
        if kind == "parquet":
            return pd.read_parquet(path)
        if kind == "geojson":
            try:
                import geopandas
            except ImportError:
                print("geopandas is not installed: reading the features as plain JSON.")
            else:
                return geopandas.read_file(path)
            features = json.loads(path.read_bytes()).get("features", [])
            return pd.json_normalize([{**(f.get("properties") or {}), "geometry": f.get("geometry")} for f in features])
        if kind == "json":
            data = json.loads(path.read_bytes())
            if isinstance(data, dict):
                rows = next((v for k, v in data.items() if k in ("records", "data", "features", "items", "results") and isinstance(v, list)), None)
                data = rows if rows is not None else [data]
            return with_dates(pd.json_normalize(data))
    except ImportError as error:
        print(f"This image has no reader for {path.name} ({error}); install one with pip, then run this cell again.")
        return None
    print(f"No reader for {path.name}; it is in {path}.")
    return None


def frames(data):
    """(name, DataFrame) pairs of one file: one per sheet of a workbook."""
    if data is None:
        return []
    return list(data.items()) if isinstance(data, dict) else [(None, data)]


def overview(data, name):
    for sheet, df in frames(data):
        label = f"{name}, sheet {sheet!r}" if sheet is not None else name
        print(f"{label}: {df.shape[0]} rows x {df.shape[1]} columns")
        display(df.dtypes.astype(str).to_frame("type").T)
        display(df.head())


def describe(data):
    for sheet, df in frames(data):
        if df.shape[1] == 0:
            continue
        if sheet is not None:
            print(f"Sheet {sheet!r}")
        numbers = df.select_dtypes("number")
        display((numbers if numbers.shape[1] else df.astype(str)).describe())


def quick_chart(data, name):
    """One chart: numeric columns over the first date column, else a histogram, else the map."""
    for sheet, df in frames(data):
        numbers = [c for c in df.select_dtypes("number").columns if not str(c).startswith("_")]
        dates = [c for c in df.columns if pd.api.types.is_datetime64_any_dtype(df[c])]
        title = f"{name} ({sheet})" if sheet is not None else name
        if dates and numbers:
            df.groupby(dates[0])[numbers[:3]].mean().plot(figsize=(9, 4), title=title)
        elif numbers:
            df[numbers[0]].plot.hist(bins=20, figsize=(9, 4), title=f"{title}: {numbers[0]}")
        elif hasattr(df, "geometry") and hasattr(df, "plot"):
            df.plot(figsize=(6, 6)).set_title(title)
        else:
            continue
        plt.show()
        return
    print(f"{name}: no date or numeric column to chart.")
`;

export const datastoreCode = String.raw`CKAN_SITE_URL = os.environ.get("CKAN_SITE_URL", %SITE%).rstrip("/")


def ckan_action(action, **params):
    """One call to the portal's Action API, anonymous: what the public may read."""
    url = f"{CKAN_SITE_URL}/api/3/action/{action}?{urllib.parse.urlencode(params)}"
    with urllib.request.urlopen(url, timeout=30) as response:
        return json.load(response)["result"]


def page_frame(result):
    columns = [field["id"] for field in result["fields"]]
    return with_dates(pd.DataFrame(result["records"], columns=columns))


def datastore_search(resource_id, limit=100, offset=0):
    """One page of a DataStore table as a DataFrame, and the table's row count."""
    result = ckan_action("datastore_search", resource_id=resource_id, limit=limit, offset=offset)
    return page_frame(result), result.get("total")


def datastore_all(resource_id, page_size=1000, max_rows=100000):
    """All rows, page by page (at most max_rows)."""
    pages, offset = [], 0
    while offset < max_rows:
        page, total = datastore_search(resource_id, limit=page_size, offset=offset)
        pages.append(page)
        offset += len(page)
        if len(page) < page_size or (total is not None and offset >= total):
            break
    return pd.concat(pages, ignore_index=True)


def first_page(resource_id, saved):
    """The first page live from the portal, else the copy the hub saved at launch."""
    try:
        page, total = datastore_search(resource_id)
        print(f"First page: {len(page)} of {total} rows, live from {CKAN_SITE_URL}")
        return page
    except OSError as error:
        result = json.loads(saved.read_bytes()) if saved.exists() else None
        if result is None:
            print(f"The portal cannot be reached from here ({error}) and no saved page exists.")
            return None
        print(f"The portal cannot be reached from here ({error}); this is the first page the hub "
              f"saved at launch: {len(result['records'])} of {result.get('total')} rows ({saved}).")
        return page_frame(result)
`;
