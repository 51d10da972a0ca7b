/** Rows per page in every admin list. */
export const PAGE = 25;

/** Previous / "21–40 of 93" / Next under an admin list; nothing when one page holds it all. */
export function AdminPager({ offset, total, onOffset }: { offset: number; total: number; onOffset: (offset: number) => void }) {
  if (total <= PAGE) return null;
  return (
    <div className="row admin-pager">
      <button className="btn btn-small" disabled={offset === 0} onClick={() => onOffset(Math.max(0, offset - PAGE))}>
        Previous
      </button>
      <span className="small muted">
        {offset + 1}–{Math.min(offset + PAGE, total)} of {total}
      </span>
      <button className="btn btn-small" disabled={offset + PAGE >= total} onClick={() => onOffset(offset + PAGE)}>
        Next
      </button>
    </div>
  );
}
