/** Choice options are lettered A–E on papers, quizzes and in question files. */
export const OPTION_LETTERS = "ABCDE";
