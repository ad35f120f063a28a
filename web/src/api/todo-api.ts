import { TodoListSchema, type TodoList } from '@citygrid/shared'
import { requestJson } from './http.ts'

/** 待办: the signed-in user's to-do kinds, with `limit` of the most urgent cases each (0: the counts only). */
export function fetchTodo(limit: number): Promise<TodoList> {
  return requestJson(`/api/todo?limit=${limit}`, { schema: TodoListSchema })
}
