-- ADQL geometry for PostgreSQL without pgSphere (gammavo ADQL engine, dialect PLAIN_POSTGRES).
-- Geometries are DALI arrays in degrees: point [lon, lat], circle [lon, lat, radius],
-- polygon [lon1, lat1, lon2, lat2, ...]. Polygon edges are great-circle arcs; a polygon is the smaller
-- of the two regions its edges bound, whatever the vertex order (as in pgSphere), and must fit in a
-- hemisphere around the mean of its vertices. Idempotent: safe to run at every service start.
-- The LANGUAGE sql functions are not STRICT so that the planner can inline them.
CREATE SCHEMA IF NOT EXISTS adqlfn;

CREATE OR REPLACE FUNCTION adqlfn.distance(lon1 float8, lat1 float8, lon2 float8, lat2 float8) RETURNS float8
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT degrees(2 * asin(least(1, sqrt(power(sin(radians(lat2 - lat1) / 2), 2)
         + cos(radians(lat1)) * cos(radians(lat2)) * power(sin(radians(lon2 - lon1) / 2), 2)))))
$$;

CREATE OR REPLACE FUNCTION adqlfn.vec(lon float8, lat float8) RETURNS float8[]
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT ARRAY[cos(radians(lat)) * cos(radians(lon)), cos(radians(lat)) * sin(radians(lon)), sin(radians(lat))]
$$;

CREATE OR REPLACE FUNCTION adqlfn.dot(a float8[], b float8[]) RETURNS float8
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$ SELECT a[1] * b[1] + a[2] * b[2] + a[3] * b[3] $$;

CREATE OR REPLACE FUNCTION adqlfn.cross(a float8[], b float8[]) RETURNS float8[]
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT ARRAY[a[2] * b[3] - a[3] * b[2], a[3] * b[1] - a[1] * b[3], a[1] * b[2] - a[2] * b[1]]
$$;

CREATE OR REPLACE FUNCTION adqlfn.unit(a float8[]) RETURNS float8[]
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT CASE WHEN n = 0 THEN a ELSE ARRAY[a[1] / n, a[2] / n, a[3] / n] END
  FROM (SELECT sqrt(a[1] * a[1] + a[2] * a[2] + a[3] * a[3]) AS n) AS x
$$;

-- Mean direction of the vertices: the polygon's centre for projection, centroid and area.
CREATE OR REPLACE FUNCTION adqlfn.poly_centre(p float8[]) RETURNS float8[]
LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE AS $$
DECLARE s float8[] := ARRAY[0, 0, 0]; v float8[];
BEGIN
  FOR i IN 1 .. array_length(p, 1) / 2 LOOP
    v := adqlfn.vec(p[2 * i - 1], p[2 * i]);
    s := ARRAY[s[1] + v[1], s[2] + v[2], s[3] + v[3]];
  END LOOP;
  RETURN adqlfn.unit(s);
END $$;

-- Point in polygon: gnomonic projection about the polygon centre maps great circles to straight lines,
-- so the planar even-odd rule is exact there; it does not depend on the vertex order.
CREATE OR REPLACE FUNCTION adqlfn.point_in_polygon(pv float8[], p float8[]) RETURNS boolean
LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE AS $$
DECLARE
  c float8[] := adqlfn.poly_centre(p);
  e1 float8[]; e2 float8[]; v float8[]; n int := array_length(p, 1) / 2;
  xs float8[] := '{}'; ys float8[] := '{}'; px float8; py float8; d float8; inside boolean := false; j int;
BEGIN
  d := adqlfn.dot(pv, c);
  IF d <= 0 THEN RETURN false; END IF;
  e1 := CASE WHEN abs(c[3]) < 0.9 THEN adqlfn.unit(adqlfn.cross(ARRAY[0, 0, 1]::float8[], c))
             ELSE adqlfn.unit(adqlfn.cross(ARRAY[1, 0, 0]::float8[], c)) END;
  e2 := adqlfn.cross(c, e1);
  px := adqlfn.dot(pv, e1) / d; py := adqlfn.dot(pv, e2) / d;
  FOR i IN 1 .. n LOOP
    v := adqlfn.vec(p[2 * i - 1], p[2 * i]);
    d := adqlfn.dot(v, c);
    IF d <= 0 THEN RETURN NULL; END IF;          -- polygon larger than a hemisphere: undefined here
    xs := xs || adqlfn.dot(v, e1) / d; ys := ys || adqlfn.dot(v, e2) / d;
  END LOOP;
  j := n;
  FOR i IN 1 .. n LOOP
    IF (ys[i] > py) <> (ys[j] > py)
       AND px < (xs[j] - xs[i]) * (py - ys[i]) / (ys[j] - ys[i]) + xs[i] THEN
      inside := NOT inside;
    END IF;
    j := i;
  END LOOP;
  RETURN inside;
END $$;

-- Angular distance (degrees) from a point to the great-circle arc a-b.
CREATE OR REPLACE FUNCTION adqlfn.arc_distance(p float8[], a float8[], b float8[]) RETURNS float8
LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE AS $$
DECLARE n float8[] := adqlfn.unit(adqlfn.cross(a, b)); s float8; q float8[];
BEGIN
  s := adqlfn.dot(p, n);
  q := ARRAY[p[1] - s * n[1], p[2] - s * n[2], p[3] - s * n[3]];
  IF adqlfn.dot(adqlfn.cross(a, q), n) >= 0 AND adqlfn.dot(adqlfn.cross(q, b), n) >= 0 THEN
    RETURN degrees(asin(least(1, abs(s))));
  END IF;
  RETURN degrees(least(acos(greatest(-1, least(1, adqlfn.dot(p, a)))), acos(greatest(-1, least(1, adqlfn.dot(p, b))))));
END $$;

-- Smallest distance from a point to the edges of a polygon.
CREATE OR REPLACE FUNCTION adqlfn.edge_distance(pv float8[], p float8[]) RETURNS float8
LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE AS $$
DECLARE n int := array_length(p, 1) / 2; m float8 := 180; j int := n;
BEGIN
  FOR i IN 1 .. n LOOP
    m := least(m, adqlfn.arc_distance(pv, adqlfn.vec(p[2 * j - 1], p[2 * j]), adqlfn.vec(p[2 * i - 1], p[2 * i])));
    j := i;
  END LOOP;
  RETURN m;
END $$;

-- True when the arcs a-b and c-d cross.
CREATE OR REPLACE FUNCTION adqlfn.arcs_cross(a float8[], b float8[], c float8[], d float8[]) RETURNS boolean
LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE AS $$
DECLARE n1 float8[] := adqlfn.cross(a, b); n2 float8[] := adqlfn.cross(c, d); t float8[];
BEGIN
  t := adqlfn.cross(n1, n2);
  IF adqlfn.dot(t, t) < 1e-30 THEN RETURN false; END IF;
  t := adqlfn.unit(t);
  FOR k IN 1 .. 2 LOOP
    IF adqlfn.dot(adqlfn.cross(a, t), n1) >= 0 AND adqlfn.dot(adqlfn.cross(t, b), n1) >= 0
       AND adqlfn.dot(adqlfn.cross(c, t), n2) >= 0 AND adqlfn.dot(adqlfn.cross(t, d), n2) >= 0 THEN
      RETURN true;
    END IF;
    t := ARRAY[-t[1], -t[2], -t[3]];
  END LOOP;
  RETURN false;
END $$;

CREATE OR REPLACE FUNCTION adqlfn.edges_cross(p float8[], q float8[]) RETURNS boolean
LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE AS $$
DECLARE n int := array_length(p, 1) / 2; m int := array_length(q, 1) / 2; j int; l int;
BEGIN
  j := n;
  FOR i IN 1 .. n LOOP
    l := m;
    FOR k IN 1 .. m LOOP
      IF adqlfn.arcs_cross(adqlfn.vec(p[2 * j - 1], p[2 * j]), adqlfn.vec(p[2 * i - 1], p[2 * i]),
                           adqlfn.vec(q[2 * l - 1], q[2 * l]), adqlfn.vec(q[2 * k - 1], q[2 * k])) THEN
        RETURN true;
      END IF;
      l := k;
    END LOOP;
    j := i;
  END LOOP;
  RETURN false;
END $$;

-- Every vertex of polygon p inside polygon q.
CREATE OR REPLACE FUNCTION adqlfn.vertices_in(p float8[], q float8[]) RETURNS boolean
LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE AS $$
BEGIN
  FOR i IN 1 .. array_length(p, 1) / 2 LOOP
    IF NOT coalesce(adqlfn.point_in_polygon(adqlfn.vec(p[2 * i - 1], p[2 * i]), q), false) THEN RETURN false; END IF;
  END LOOP;
  RETURN true;
END $$;

CREATE OR REPLACE FUNCTION adqlfn.any_vertex_in(p float8[], q float8[]) RETURNS boolean
LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE AS $$
BEGIN
  FOR i IN 1 .. array_length(p, 1) / 2 LOOP
    IF coalesce(adqlfn.point_in_polygon(adqlfn.vec(p[2 * i - 1], p[2 * i]), q), false) THEN RETURN true; END IF;
  END LOOP;
  RETURN false;
END $$;

CREATE OR REPLACE FUNCTION adqlfn.max_vertex_distance(lon float8, lat float8, p float8[]) RETURNS float8
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT max(adqlfn.distance(lon, lat, p[2 * i - 1], p[2 * i])) FROM generate_series(1, array_length(p, 1) / 2) AS i
$$;

-- ADQL CONTAINS(a, b): 1 if a lies entirely within b (ADQL 2.1 §4.2.7).
CREATE OR REPLACE FUNCTION adqlfn.contains(ta text, a float8[], tb text, b float8[]) RETURNS integer
LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE AS $$
DECLARE r boolean;
BEGIN
  IF tb = 'point' THEN
    r := ta = 'point' AND adqlfn.distance(a[1], a[2], b[1], b[2]) = 0;
  ELSIF tb = 'circle' THEN
    r := CASE ta
      WHEN 'point' THEN adqlfn.distance(a[1], a[2], b[1], b[2]) <= b[3]
      WHEN 'circle' THEN adqlfn.distance(a[1], a[2], b[1], b[2]) + a[3] <= b[3]
      ELSE adqlfn.max_vertex_distance(b[1], b[2], a) <= b[3] END;
  ELSE
    r := CASE ta
      WHEN 'point' THEN adqlfn.point_in_polygon(adqlfn.vec(a[1], a[2]), b)
      WHEN 'circle' THEN adqlfn.point_in_polygon(adqlfn.vec(a[1], a[2]), b)
                         AND adqlfn.edge_distance(adqlfn.vec(a[1], a[2]), b) >= a[3]
      ELSE adqlfn.vertices_in(a, b) AND NOT adqlfn.edges_cross(a, b) END;
  END IF;
  RETURN CASE WHEN r IS NULL THEN NULL WHEN r THEN 1 ELSE 0 END;
END $$;

-- ADQL INTERSECTS(a, b): 1 if a and b overlap (ADQL 2.1 §4.2.11).
CREATE OR REPLACE FUNCTION adqlfn.intersects(ta text, a float8[], tb text, b float8[]) RETURNS integer
LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE AS $$
DECLARE r boolean;
BEGIN
  IF ta = 'point' THEN RETURN adqlfn.contains(ta, a, tb, b); END IF;
  IF tb = 'point' THEN RETURN adqlfn.contains(tb, b, ta, a); END IF;
  IF ta = 'polygon' AND tb = 'circle' THEN RETURN adqlfn.intersects(tb, b, ta, a); END IF;
  IF ta = 'circle' AND tb = 'circle' THEN
    r := adqlfn.distance(a[1], a[2], b[1], b[2]) <= a[3] + b[3];
  ELSIF ta = 'circle' THEN
    r := coalesce(adqlfn.point_in_polygon(adqlfn.vec(a[1], a[2]), b), false)
         OR adqlfn.edge_distance(adqlfn.vec(a[1], a[2]), b) <= a[3];
  ELSE
    r := adqlfn.any_vertex_in(a, b) OR adqlfn.any_vertex_in(b, a) OR adqlfn.edges_cross(a, b);
  END IF;
  RETURN CASE WHEN r THEN 1 ELSE 0 END;
END $$;

-- ADQL AREA in square degrees: spherical cap for circles; for polygons the sum of the signed triangle
-- areas of the fan from the centre (tan(E/2) formula of Van Oosterom & Strackee), orientation-free.
CREATE OR REPLACE FUNCTION adqlfn.area(t text, g float8[]) RETURNS float8
LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE AS $$
DECLARE c float8[]; a float8[]; b float8[]; s float8 := 0; n int; j int;
BEGIN
  IF t = 'point' THEN RETURN 0; END IF;
  IF t = 'circle' THEN RETURN 2 * pi() * (1 - cos(radians(g[3]))) * power(180 / pi(), 2); END IF;
  c := adqlfn.poly_centre(g);
  n := array_length(g, 1) / 2;
  j := n;
  FOR i IN 1 .. n LOOP
    a := adqlfn.vec(g[2 * j - 1], g[2 * j]);
    b := adqlfn.vec(g[2 * i - 1], g[2 * i]);
    s := s + 2 * atan2(adqlfn.dot(c, adqlfn.cross(a, b)), 1 + adqlfn.dot(c, a) + adqlfn.dot(a, b) + adqlfn.dot(b, c));
    j := i;
  END LOOP;
  RETURN abs(s) * power(180 / pi(), 2);
END $$;
