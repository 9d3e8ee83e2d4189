//! TEMPORARY stub: replaced by the cell module from branch `cell`.
use jiff::civil::Date;
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DurationUnit { Days, Weeks, Months, Years }
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Duration { pub amount: i64, pub unit: DurationUnit }
#[derive(Debug)]
pub struct CellError;
pub fn parse_number(s: &str) -> Result<Option<f64>, CellError> {
    let t = s.replace(['_', ',', '¥', '￥', '元'], "");
    let (t, m) = if let Some(x) = t.strip_suffix('万') { (x.to_string(), 1e4) } else if let Some(x) = t.strip_suffix('亿') { (x.to_string(), 1e8) } else if let Some(x) = t.strip_suffix('%') { (x.to_string(), 0.01) } else { (t, 1.0) };
    t.parse::<f64>().map(|v| Some(v * m)).map_err(|_| CellError)
}
pub fn parse_date(s: &str) -> Result<Option<Date>, CellError> {
    let parts: Vec<i64> = s.split(|c: char| !c.is_ascii_digit()).filter(|p| !p.is_empty()).filter_map(|p| p.parse().ok()).collect();
    if parts.len() != 3 { return Err(CellError) }
    Date::new(parts[0] as i16, parts[1] as i8, parts[2] as i8).map(Some).map_err(|_| CellError)
}
pub fn parse_duration(s: &str) -> Result<Option<Duration>, CellError> {
    let n: String = s.chars().take_while(|c| c.is_ascii_digit()).collect();
    let unit = s[n.len()..].trim();
    let unit = match unit { "days" | "day" | "天" => DurationUnit::Days, "weeks" | "week" | "周" => DurationUnit::Weeks, "months" | "month" | "个月" => DurationUnit::Months, _ => DurationUnit::Years };
    Ok(Some(Duration { amount: n.parse().map_err(|_| CellError)?, unit }))
}
impl std::fmt::Display for CellError { fn fmt(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result { write!(f, "a readable value") } }
pub fn trim(s: &str) -> &str { s.trim() }
pub fn is_missing(s: &str) -> bool { matches!(s, "" | "-" | "–" | "—" | "N/A" | "NULL") }
pub fn parse_bool(s: &str) -> Result<Option<bool>, CellError> { if is_missing(s) { return Ok(None) } match s { "是"|"true"|"yes"|"1"|"√" => Ok(Some(true)), "否"|"false"|"no"|"0"|"×" => Ok(Some(false)), _ => Err(CellError) } }
