/**
 * The search box (its text lives in the page: useSearchText searches it as you type and writes
 * it to the URL shortly after the last key).
 */
export function SearchBox({ value, onChange }: { value: string; onChange: (text: string) => void }) {
  return (
    <form role="search" className="search" onSubmit={(e) => e.preventDefault()}>
      <input
        type="search"
        placeholder="Search by name, keyword or id…"
        aria-label="Search plugins"
        value={value}
        onChange={(e) => onChange(e.target.value)}
      />
    </form>
  );
}
